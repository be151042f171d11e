import { createUIMessageWriter } from '../../server/uiMessageWriter.js';
import type { PartsEncoder } from '../partsEncoder.js';
import { protocolFrames } from '../protocolFrames.js';

/**
 * The AI SDK UI message stream, written by the same code as `uiMessageStream` on the server
 * (strings-in, strings-out, no node APIs), so the mock speaks exactly what the kit's server
 * writes: every chunk as it is, deltas without an id wrapped in parts `text-1`, `reasoning-2`...
 */
export function aiSdkEncoder(): PartsEncoder {
  let count = 0;
  const writer = createUIMessageWriter({
    errorMessage: String,
    newId: (type) => `${type}-${++count}`,
  });
  return {
    contentType: protocolFrames['ai-sdk'].contentType,
    open: () => '',
    chunk: (chunk) => writer.item(chunk),
    end: () => writer.end(),
  };
}
