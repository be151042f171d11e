// Waiting helpers shared by the suites: bounded waits that fail with a message instead of hanging.
import { setTimeout as sleep } from 'node:timers/promises';

/** Rejects with a message naming what did not happen when `promise` takes longer than `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `read` until it stays unchanged for `stableMs` and returns that value; fails after
 * `timeoutMs`, or as soon as it passes `max` (a producer that never pauses).
 */
export async function plateau(
  read: () => number,
  { intervalMs = 25, stableMs = 300, timeoutMs = 10_000, max = Infinity } = {},
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let last = read();
  let since = performance.now();
  while (performance.now() < deadline) {
    await sleep(intervalMs);
    const value = read();
    if (value > max) throw new Error(`still growing past ${max}: no backpressure`);
    if (value !== last) {
      last = value;
      since = performance.now();
    } else if (performance.now() - since >= stableMs) {
      return value;
    }
  }
  throw new Error(`no plateau within ${timeoutMs} ms (last value ${last})`);
}
