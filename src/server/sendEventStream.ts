import type { ServerResponse } from 'node:http';
import { eventStream } from './eventStream.js';
import { EVENT_STREAM_HEADERS } from './eventStreamHeaders.js';
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
export async function sendEventStream(
  res: ServerResponse,
  source: ServerEventSource,
  options: EventStreamOptions = {},
): Promise<void> {
  if (!res.headersSent) {
    for (const [name, value] of Object.entries(EVENT_STREAM_HEADERS)) {
      if (!res.hasHeader(name)) res.setHeader(name, value);
    }
    res.flushHeaders();
  }
  const reader = eventStream(source, options).getReader();
  const cancel = (): void => {
    reader.cancel().catch(() => {});
  };
  res.once('close', cancel);
  try {
    // `destroyed` is checked too: 'close' may have fired before we listened, or not yet.
    while (!res.destroyed) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await drainOrClose(res);
    }
    if (res.destroyed) cancel();
    else res.end();
  } catch {
    // The body never errors (source errors become an `event: error` frame); a failed read
    // means the response is gone.
    res.destroy();
  } finally {
    res.off('close', cancel);
  }
}

function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
