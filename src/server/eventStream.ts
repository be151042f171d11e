import { DONE_FRAME, formatServerEvent } from './formatServerEvent.js';
import { pullStream } from './pullStream.js';
import type { EventStreamOptions, ServerEventSource } from './types.js';

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Turns a source of strings or `{ event?, data, id? }` into a pull-based stream of SSE frames,
 * ending with `event: done\ndata:\n\n`. The source advances one item per read, never ahead of
 * the consumer, so a slow client slows the producer instead of filling memory.
 *
 * - Cancelling the stream (the client disconnected) aborts the source's signal and calls its
 *   iterator's `return()`, so a generator's `finally` runs.
 * - `options.signal` aborting does the same and closes the stream (no `done` frame).
 * - A source that throws ends the stream with `event: error` and the error's message.
 *
 * Web APIs only: works in Next.js route handlers, Hono, Deno, Bun, workers and Node.
 */
export function eventStream(
  source: ServerEventSource,
  options: EventStreamOptions = {},
): ReadableStream<Uint8Array> {
  const { errorMessage = messageOf } = options;
  return pullStream(
    source,
    {
      item: formatServerEvent,
      end: () => DONE_FRAME,
      error: (error) => formatServerEvent({ event: 'error', data: errorMessage(error) }),
    },
    options,
  );
}
