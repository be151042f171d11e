import type { ServerResponse } from 'node:http';
import { eventStream } from './eventStream.js';
import { EVENT_STREAM_HEADERS } from './eventStreamHeaders.js';
import { sendStream } from './sendResponse.js';
import type { EventStreamOptions, ServerEventSource } from './types.js';

/**
 * Writes `eventStream(source, options)` to a `node:http` response (also Express, Fastify's
 * `reply.raw`, Koa's `ctx.res`), with real TCP backpressure: when `res.write()` returns false,
 * the next item is not pulled from the source until `'drain'`.
 *
 * Headers are written at once: the event-stream headers (see `eventStreamResponse`) unless
 * already set on `res`, with `res.statusCode` (default 200). When the client disconnects
 * (`'close'` before the end), the source's signal aborts and its iterator's `return()` runs.
 *
 * Resolves when the stream has ended or the client has left; never rejects.
 */
export function sendEventStream(
  res: ServerResponse,
  source: ServerEventSource,
  options: EventStreamOptions = {},
): Promise<void> {
  return sendStream(res, eventStream(source, options), EVENT_STREAM_HEADERS);
}
