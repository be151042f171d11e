import { HEARTBEAT_FRAME } from './formatServerEvent.js';
import type { StreamSource } from './types.js';
import { HEARTBEAT, withHeartbeat } from './heartbeat.js';

/** How a source's items become bytes on the wire. Each method returns the frames as text. */
export interface FrameWriter<T> {
  /** One item's frames; `''` sends nothing for it (the next item is pulled at once). May throw. */
  item(value: T): string;
  /** After the last item. */
  end(): string;
  /** After the source (or `item`) threw. */
  error(error: unknown): string;
}

export interface PullStreamOptions {
  signal?: AbortSignal | undefined;
  heartbeatMs?: number | undefined;
}

/**
 * The machinery `eventStream` and `uiMessageStream` share: a pull-based byte stream that
 * advances the source one item per read, never ahead of the consumer, sends a heartbeat
 * comment while the source is silent and a read is waiting, and on cancel (or
 * `options.signal`) aborts the source's signal and calls its iterator's `return()`.
 */
export function pullStream<T>(
  source: StreamSource<T>,
  writer: FrameWriter<T>,
  options: PullStreamOptions = {},
): ReadableStream<Uint8Array> {
  const { signal, heartbeatMs = 15_000 } = options;
  const encoder = new TextEncoder();
  const sourceAbort = new AbortController();
  let iterator: AsyncIterator<T> | undefined;
  // Survives a pull that ended in a heartbeat: the next pull waits for the same item.
  let pending: Promise<IteratorResult<T>> | undefined;
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
          // A pull must enqueue something, or the waiting read is never answered: skip items
          // whose frames are empty.
          for (;;) {
            pending ??= iterator.next();
            const result = await withHeartbeat(pending, heartbeatMs > 0 ? heartbeatMs : Infinity);
            // Cancelled or aborted meanwhile: the stream is already closed.
            if (ended) return;
            if (result === HEARTBEAT) {
              controller.enqueue(encoder.encode(HEARTBEAT_FRAME));
              return;
            }
            pending = undefined;
            if (result.done) {
              settle();
              controller.enqueue(encoder.encode(writer.end()));
              controller.close();
              return;
            }
            const frames = writer.item(result.value);
            if (frames) {
              controller.enqueue(encoder.encode(frames));
              return;
            }
          }
        } catch (error) {
          if (ended) return;
          settle();
          controller.enqueue(encoder.encode(writer.error(error)));
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

function open<T>(source: StreamSource<T>, signal: AbortSignal): AsyncIterator<T> {
  const iterable = typeof source === 'function' ? source(signal) : source;
  return iterable[Symbol.asyncIterator]();
}
