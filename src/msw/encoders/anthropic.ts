import type { PartsEncoder } from '../partsEncoder.js';
import { protocolFrames } from '../protocolFrames.js';
import { ANTHROPIC_MESSAGE_START, ANTHROPIC_PING, typedEvent } from '../sseFrames.js';
import { blockEncoder } from './blocks.js';

/**
 * Anthropic's Messages API stream: `message_start`; per content block `content_block_start`
 * (`text`, `thinking`, or `tool_use` with `id` and `name`), `content_block_delta`s (`text_delta`,
 * `thinking_delta`, `input_json_delta`), `content_block_stop` (a thinking block gets a
 * `signature_delta` first); a `ping` after the first block opens; `message_delta` with the
 * stop reason (`tool_use` when the reply called tools); `message_stop`.
 */
export function anthropicEncoder(): PartsEncoder {
  let index = -1;
  let pinged = false;
  let usedTools = false;
  const toolIndex = new Map<string, number>();

  const start = (contentBlock: Record<string, unknown>): string => {
    index += 1;
    const frames = typedEvent({ type: 'content_block_start', index, content_block: contentBlock });
    if (pinged) return frames;
    pinged = true;
    return frames + ANTHROPIC_PING;
  };
  const delta = (at: number, payload: Record<string, unknown>): string =>
    typedEvent({ type: 'content_block_delta', index: at, delta: payload });
  const stop = (at: number): string => typedEvent({ type: 'content_block_stop', index: at });

  const blocks = blockEncoder({
    openText: (type) => start(type === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '' }),
    textDelta: (type, text) =>
      delta(index, type === 'text' ? { type: 'text_delta', text } : { type: 'thinking_delta', thinking: text }),
    closeText: (type) =>
      (type === 'reasoning' ? delta(index, { type: 'signature_delta', signature: 'EqQBCgIYAhIMmock' }) : '') + stop(index),
    openTool: (toolCallId, toolName) => {
      usedTools = true;
      const frames = start({ type: 'tool_use', id: toolCallId, name: toolName, input: {} });
      toolIndex.set(toolCallId, index);
      return frames;
    },
    toolDelta: (toolCallId, piece) => delta(toolIndex.get(toolCallId)!, { type: 'input_json_delta', partial_json: piece }),
    closeTool: (toolCallId) => stop(toolIndex.get(toolCallId)!),
  });

  return {
    contentType: protocolFrames.anthropic.contentType,
    open: () => ANTHROPIC_MESSAGE_START,
    chunk: blocks.chunk,
    end: () =>
      blocks.close() +
      typedEvent({
        type: 'message_delta',
        delta: { stop_reason: usedTools ? 'tool_use' : 'end_turn', stop_sequence: null },
        usage: { output_tokens: 15 },
      }) +
      typedEvent({ type: 'message_stop' }),
  };
}
