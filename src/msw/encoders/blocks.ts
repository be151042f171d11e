import type { MockReplyChunk } from '../partsEncoder.js';
import { deltaOf } from './deltaOf.js';

/** The frames of a wire whose reply is a list of blocks (Anthropic's content blocks, the Responses API's output items). */
export interface BlockFrames {
  openText(type: 'text' | 'reasoning'): string;
  /** A delta of the text or reasoning block that is open. */
  textDelta(type: 'text' | 'reasoning', delta: string): string;
  closeText(type: 'text' | 'reasoning'): string;
  openTool(toolCallId: string, toolName: string): string;
  /** A piece of a tool's input JSON; the tool's block may not be the latest one (interleaved calls). */
  toolDelta(toolCallId: string, piece: string): string;
  closeTool(toolCallId: string): string;
}

/**
 * Turns chunks into blocks: consecutive deltas of one type (and id) share a block, any other
 * chunk closes it; a tool's block opens at `tool-input-start` (or at `tool-input-available` when
 * its input was not streamed, which then comes in one piece) and closes at `tool-input-available`.
 * Chunks a block wire cannot carry (tool results, sources, data) give `''`.
 */
export function blockEncoder(frames: BlockFrames): { chunk(chunk: MockReplyChunk): string; close(): string } {
  let open: { type: 'text' | 'reasoning'; id: string | undefined } | { type: 'tool'; toolCallId: string } | undefined;
  const tools = new Map<string, { streamed: boolean; closed: boolean }>();

  const close = (): string => {
    const block = open;
    open = undefined;
    if (!block) return '';
    if (block.type !== 'tool') return frames.closeText(block.type);
    tools.get(block.toolCallId)!.closed = true;
    return frames.closeTool(block.toolCallId);
  };
  const openText = (type: 'text' | 'reasoning', id: string | undefined): string => {
    const frames_ = close();
    open = { type, id };
    return frames_ + frames.openText(type);
  };
  const openTool = (toolCallId: string, toolName: string): string => {
    const before = close();
    open = { type: 'tool', toolCallId };
    tools.set(toolCallId, { streamed: false, closed: false });
    return before + frames.openTool(toolCallId, toolName);
  };
  const toolDelta = (toolCallId: string, piece: string): string => {
    const tool = tools.get(toolCallId);
    if (!tool || tool.closed || !piece) return '';
    tool.streamed = true;
    return frames.toolDelta(toolCallId, piece);
  };

  return {
    chunk(chunk) {
      const delta = deltaOf(chunk);
      if (delta) {
        const continues = open?.type === delta.type && (delta.id === undefined || delta.id === open.id);
        return (continues ? '' : openText(delta.type, delta.id)) + frames.textDelta(delta.type, delta.delta);
      }
      if (typeof chunk === 'string') return '';
      switch (chunk.type) {
        case 'text-start':
        case 'reasoning-start':
          return openText(chunk.type === 'text-start' ? 'text' : 'reasoning', chunk.id);
        case 'text-end':
        case 'reasoning-end':
          return open?.type === chunk.type.slice(0, -4) && 'id' in open && open.id === chunk.id ? close() : '';
        case 'tool-input-start':
          return tools.has(chunk.toolCallId) ? '' : openTool(chunk.toolCallId, chunk.toolName);
        case 'tool-input-delta':
          return toolDelta(chunk.toolCallId, chunk.inputTextDelta);
        case 'tool-input-available': {
          let out = tools.has(chunk.toolCallId) ? '' : openTool(chunk.toolCallId, chunk.toolName);
          const tool = tools.get(chunk.toolCallId)!;
          if (tool.closed) return out;
          if (!tool.streamed) out += toolDelta(chunk.toolCallId, JSON.stringify(chunk.input) ?? '');
          if (open?.type === 'tool' && open.toolCallId === chunk.toolCallId) return out + close();
          tool.closed = true;
          return out + frames.closeTool(chunk.toolCallId);
        }
        default:
          return '';
      }
    },
    close,
  };
}
