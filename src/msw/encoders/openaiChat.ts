import type { PartsEncoder } from '../partsEncoder.js';
import { protocolFrames } from '../protocolFrames.js';
import { openAIChunk } from '../sseFrames.js';
import { deltaOf } from './deltaOf.js';

/**
 * OpenAI chat completions with `stream: true`: `delta.content` is text,
 * `delta.reasoning_content` reasoning (DeepSeek's and vLLM's spelling), `delta.tool_calls` a
 * tool call keyed by `index`: its first sight has `id`, `type` and `function.name`, the rest
 * `function.arguments` pieces. The last chunk has `finish_reason` (`tool_calls` when the reply
 * called tools), then `data: [DONE]`.
 */
export function openaiChatEncoder(): PartsEncoder {
  const calls = new Map<string, { index: number; streamed: boolean }>();

  const start = (toolCallId: string, toolName: string): string => {
    const index = calls.size;
    calls.set(toolCallId, { index, streamed: false });
    return openAIChunk(
      { tool_calls: [{ index, id: toolCallId, type: 'function', function: { name: toolName, arguments: '' } }] },
      null,
    );
  };
  const args = (toolCallId: string, piece: string): string => {
    const call = calls.get(toolCallId);
    if (!call || !piece) return '';
    call.streamed = true;
    return openAIChunk({ tool_calls: [{ index: call.index, function: { arguments: piece } }] }, null);
  };

  return {
    contentType: protocolFrames.openai.contentType,
    open: () => protocolFrames.openai.open,
    chunk: (chunk) => {
      const delta = deltaOf(chunk);
      if (delta) return openAIChunk(delta.type === 'text' ? { content: delta.delta } : { reasoning_content: delta.delta }, null);
      if (typeof chunk === 'string') return '';
      switch (chunk.type) {
        case 'tool-input-start':
          return calls.has(chunk.toolCallId) ? '' : start(chunk.toolCallId, chunk.toolName);
        case 'tool-input-delta':
          return args(chunk.toolCallId, chunk.inputTextDelta);
        case 'tool-input-available': {
          // A call whose arguments were not streamed gets them whole.
          const frames = calls.has(chunk.toolCallId) ? '' : start(chunk.toolCallId, chunk.toolName);
          return calls.get(chunk.toolCallId)!.streamed ? frames : frames + args(chunk.toolCallId, JSON.stringify(chunk.input) ?? '');
        }
        default:
          return '';
      }
    },
    end: () => `${openAIChunk({}, calls.size > 0 ? 'tool_calls' : 'stop')}data: [DONE]\n\n`,
  };
}
