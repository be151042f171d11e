import type { FrameScheduler } from 'react-streaming-chat/core';

const encoder = new TextEncoder();

export interface ChunkSource {
  /** Chunks the consumer has pulled so far. */
  pulled: number;
  /** The reader asked for more after the last chunk (it has consumed them all). */
  drained: boolean;
  cancelled: boolean;
  cancelReason: unknown;
  stream: ReadableStream<Uint8Array>;
}

/**
 * A pull-based body: a chunk leaves only when the reader asks for it, like a socket the kernel
 * fills only as fast as the client reads. `then` decides how the body ends.
 */
export function chunkSource(
  chunks: Iterable<Uint8Array | string>,
  then: 'close' | 'error' | 'hang' = 'close',
): ChunkSource {
  const iterator = chunks[Symbol.iterator]();
  const source: ChunkSource = {
    pulled: 0,
    drained: false,
    cancelled: false,
    cancelReason: undefined,
    stream: new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          const next = iterator.next();
          if (!next.done) {
            source.pulled++;
            controller.enqueue(typeof next.value === 'string' ? encoder.encode(next.value) : next.value);
            return;
          }
          source.drained = true;
          if (then === 'close') controller.close();
          else if (then === 'error') controller.error(new TypeError('terminated'));
          else return new Promise(() => {});
        },
        cancel(reason) {
          source.cancelled = true;
          source.cancelReason = reason;
        },
      },
      { highWaterMark: 0 },
    ),
  };
  return source;
}

/** A fetch that answers every request with `respond()`, records calls, and honours the signal. */
export function fakeFetch(respond: (init: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = ((url: string, init: RequestInit = {}) => {
    calls.push({ url, init });
    const signal = init.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Response>((resolve, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      Promise.resolve(respond(init)).then(resolve, reject);
    });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

/** Splits bytes at the given offsets (sorted, deduplicated, within range). */
export function splitBytes(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => Math.max(0, Math.min(bytes.length, cut))))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    if (point > start) parts.push(bytes.subarray(start, point));
    start = Math.max(start, point);
  }
  if (start < bytes.length) parts.push(bytes.subarray(start));
  return parts;
}

export const utf8 = (text: string) => encoder.encode(text);

/** A scheduler the test runs by hand: nothing renders until `flush()`, so the buffer fills. */
export function manualScheduler() {
  let pending: (() => void)[] = [];
  const scheduler: FrameScheduler & { flush(): void; readonly pending: number } = {
    schedule(callback) {
      pending.push(callback);
      return () => {
        pending = pending.filter((entry) => entry !== callback);
      };
    },
    flush() {
      const run = pending;
      pending = [];
      for (const callback of run) callback();
    },
    get pending() {
      return pending.length;
    },
  };
  return scheduler;
}

/** A scheduler that runs on the next macrotask: fast, but still batched like frames. */
export const immediateScheduler: FrameScheduler = {
  schedule(callback) {
    const timer = setTimeout(callback, 0);
    return () => clearTimeout(timer);
  },
};
