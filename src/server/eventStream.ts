import { DONE_FRAME, HEARTBEAT_FRAME, formatServerEvent } from './formatServerEvent.js';
import type { EventStreamOptions, ServerEventInput, ServerEventSource } from './types.js';

const HEARTBEAT = Symbol('heartbeat');

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

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
  const { signal, heartbeatMs = 15_000, errorMessage = messageOf } = options;
  const encoder = new TextEncoder();
  const sourceAbort = new AbortController();
  let iterator: AsyncIterator<ServerEventInput> | undefined;
  // Survives a pull that ended in a heartbeat: the next pull waits for the same item.
  let pending: Promise<IteratorResult<ServerEventInput>> | undefined;
  let ended = false;
  let onAbort = (): void => {};

  const settle = (): void => {
    ended = true;
    signal?.removeEventListener('abort', onAbort);
  };
  const stop = async (reason: unknown): Promise<void> => {
    if (ended) return;
    settle();
    sourceAbort.abort(reason);
    // A given iterable may already hold resources (an SDK stream's open request): return it
    // even if it was never read. A function source was never called, so owns nothing yet.
    if (!iterator && typeof source !== 'function') iterator = open(source, sourceAbort.signal);
    await iterator?.return?.();
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (!signal) return;
        onAbort = () => {
          if (ended) return;
          controller.close();
          stop(signal.reason).catch(() => {});
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      },

      async pull(controller) {
        try {
          iterator ??= open(source, sourceAbort.signal);
          pending ??= iterator.next();
          const result = await withHeartbeat(pending, heartbeatMs);
          // Cancelled or aborted meanwhile: the stream is already closed.
          if (ended) return;
          if (result === HEARTBEAT) {
            controller.enqueue(encoder.encode(HEARTBEAT_FRAME));
            return;
          }
          pending = undefined;
          if (result.done) {
            settle();
            controller.enqueue(encoder.encode(DONE_FRAME));
            controller.close();
            return;
          }
          controller.enqueue(encoder.encode(formatServerEvent(result.value)));
        } catch (error) {
          if (ended) return;
          settle();
          controller.enqueue(encoder.encode(formatServerEvent({ event: 'error', data: errorMessage(error) })));
          controller.close();
          // The source may still be open when the error was ours (an invalid event name).
          (async () => iterator?.return?.())().catch(() => {});
        }
      },

      cancel(reason) {
        return stop(reason);
      },
    },
    // Zero: pull() runs only while a read is waiting, so nothing is produced ahead of the reader.
    new CountQueuingStrategy({ highWaterMark: 0 }),
  );
}

function open(source: ServerEventSource, signal: AbortSignal): AsyncIterator<ServerEventInput> {
  const iterable = typeof source === 'function' ? source(signal) : source;
  return iterable[Symbol.asyncIterator]();
}

async function withHeartbeat<T>(next: Promise<T>, ms: number): Promise<T | typeof HEARTBEAT> {
  if (!(ms > 0) || ms === Infinity) return next;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const beat = new Promise<typeof HEARTBEAT>((resolve) => {
    timer = setTimeout(resolve, ms, HEARTBEAT);
  });
  try {
    return await Promise.race([next, beat]);
  } finally {
    clearTimeout(timer);
  }
}
