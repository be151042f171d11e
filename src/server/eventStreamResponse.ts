import { eventStream } from './eventStream.js';
import { EVENT_STREAM_HEADERS, mergeHeaders } from './eventStreamHeaders.js';
import type { EventStreamOptions, ServerEventSource } from './types.js';

/** A `ResponseInit` plus `eventStream`'s options. */
export interface EventStreamResponseInit extends ResponseInit, EventStreamOptions {}

/**
 * A `Response` whose body is `eventStream(source, init)`, for fetch-style handlers (Next.js
 * route handlers, Hono, Deno, Bun). Status defaults to 200; headers default to
 * `content-type: text/event-stream; charset=utf-8`, `cache-control: no-cache, no-store` and
 * `x-accel-buffering: no`, and `init.headers` adds to or overrides them.
 *
 * @example
 * export const POST = (req: Request) =>
 *   eventStreamResponse((signal) => streamTokens(req, signal), { signal: req.signal });
 */
export function eventStreamResponse(
  source: ServerEventSource,
  init: EventStreamResponseInit = {},
): Response {
  const { signal, heartbeatMs, errorMessage, headers, ...responseInit } = init;
  const body = eventStream(source, { signal, heartbeatMs, errorMessage });
  return new Response(body, { status: 200, ...responseInit, headers: mergeHeaders(EVENT_STREAM_HEADERS, headers) });
}
