// Test helpers: a real node:http server on loopback, and sources that report what they did.
import { deferred } from '../support/loopback';

export { deferred, listen, type Deferred, type Loopback } from '../support/loopback';
export { plateau, within } from '../support/waiting';

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** An endless source that counts what it yielded and reports its `finally` and its signal. */
export function countingSource(options: { itemBytes?: number; everyMs?: number } = {}) {
  const { itemBytes = 16, everyMs = 0 } = options;
  const finished = deferred<number>();
  const state = {
    yielded: 0,
    signal: undefined as AbortSignal | undefined,
    finished: finished.promise,
    source: async function* (signal: AbortSignal) {
      state.signal = signal;
      try {
        for (;;) {
          if (everyMs > 0) await sleep(everyMs);
          // Lets timers run even if nothing downstream ever waits, so a regression fails, not hangs.
          else if (state.yielded % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
          state.yielded += 1;
          yield `${state.yielded}:`.padEnd(itemBytes, 'x');
        }
      } finally {
        finished.resolve(performance.now());
      }
    },
  };
  return state;
}

/** Polls until `check` holds, or fails after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(10);
  }
}

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}
