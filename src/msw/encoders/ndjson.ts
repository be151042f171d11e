import type { PartsEncoder } from '../partsEncoder.js';
import { protocolFrames } from '../protocolFrames.js';
import { deltaOf } from './deltaOf.js';

const line = (message: Record<string, unknown>, done = false, extra: Record<string, unknown> = {}): string =>
  `${JSON.stringify({
    model: 'llama3.2',
    created_at: '2025-01-01T00:00:00.000000Z',
    message: { role: 'assistant', content: '', ...message },
    done,
    ...extra,
  })}\n`;

/**
 * Ollama's `/api/chat` stream: `message.content` is text, `message.thinking` reasoning,
 * `message.tool_calls[].function` a whole tool call (`{ name, arguments }`, no id: Ollama sends
 * none), written at `tool-input-available`. The last line has `"done": true`.
 */
export function ndjsonEncoder(): PartsEncoder {
  return {
    contentType: protocolFrames.ndjson.contentType,
    open: () => '',
    chunk: (chunk) => {
      const delta = deltaOf(chunk);
      if (delta) return delta.type === 'text' ? line({ content: delta.delta }) : line({ thinking: delta.delta });
      if (typeof chunk !== 'string' && chunk.type === 'tool-input-available') {
        return line({ tool_calls: [{ function: { name: chunk.toolName, arguments: chunk.input } }] });
      }
      return '';
    },
    end: () => line({}, true, { done_reason: 'stop', total_duration: 1_000_000, eval_count: 15 }),
  };
}
