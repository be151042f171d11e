import { messageOf } from './eventStream.js';
import { pullStream } from './pullStream.js';
import type { UIMessageSource, UIMessageStreamOptions } from './types.js';
import { createUIMessageWriter } from './uiMessageWriter.js';

/**
 * Turns a source of chunks (text, reasoning, tool calls, sources, data) or strings into a
 * pull-based stream of the AI SDK UI message stream (v1): `data: {json}` per chunk, ending with
 * `data: [DONE]`, so the AI SDK's own client (`useChat`, `readUIMessageStream`) and this kit's
 * `aiSdk()` protocol read it.
 *
 * - A string is a text delta; consecutive strings share one text part (`text-start`, the
 *   deltas, `text-end`). `start` comes first and `finish` last, unless the source sends them.
 * - Pull-based like `eventStream`: one item per read; heartbeat comments while the source is
 *   silent; cancelling the stream (the client left) or `options.signal` aborts the source's
 *   signal and runs its `return()`.
 * - A source that throws ends the stream with `{"type":"error","errorText"}` and `[DONE]`.
 *
 * @example
 * async function* reply(signal: AbortSignal) {
 *   yield { type: 'reasoning-delta', delta: 'Looking up the weather…' };
 *   yield { type: 'tool-input-available', toolCallId: 'c1', toolName: 'weather', input: { city: 'Oslo' } };
 *   yield { type: 'tool-output-available', toolCallId: 'c1', output: await weather('Oslo', signal) };
 *   yield 'It is sunny in Oslo.';
 * }
 * return uiMessageStreamResponse(reply, { signal: request.signal });
 */
export function uiMessageStream(
  source: UIMessageSource,
  options: UIMessageStreamOptions = {},
): ReadableStream<Uint8Array> {
  const writer = createUIMessageWriter({ errorMessage: options.errorMessage ?? messageOf });
  return pullStream(source, writer, options);
}
