import type { ServerResponse } from 'node:http';
import { sendStream } from './sendResponse.js';
import type { UIMessageSource, UIMessageStreamOptions } from './types.js';
import { uiMessageStream } from './uiMessageStream.js';
import { UI_MESSAGE_STREAM_RESPONSE_HEADERS } from './uiMessageStreamResponse.js';

/**
 * Writes `uiMessageStream(source, options)` to a `node:http` response, as `sendEventStream`
 * does for SSE: TCP backpressure pauses the source, a disconnect aborts it and runs its
 * `return()`. Headers (those of `uiMessageStreamResponse`) are written at once unless already
 * set on `res`, with `res.statusCode` (default 200).
 *
 * Resolves when the stream has ended or the client has left; never rejects.
 */
export function sendUIMessageStream(
  res: ServerResponse,
  source: UIMessageSource,
  options: UIMessageStreamOptions = {},
): Promise<void> {
  return sendStream(res, uiMessageStream(source, options), UI_MESSAGE_STREAM_RESPONSE_HEADERS);
}
