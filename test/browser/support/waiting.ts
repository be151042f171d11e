import { setTimeout as sleep } from 'node:timers/promises';

/** Wall-clock milliseconds, comparable with the page's `performance.timeOrigin + performance.now()`. */
export const wallClock = (): number => performance.timeOrigin + performance.now();

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

/** Polls `read` until it stays unchanged for `stableMs`; returns that value. */
export async function plateau(
  read: () => number,
  { intervalMs = 50, stableMs = 500, timeoutMs = 30_000 } = {},
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let last = read();
  let since = performance.now();
  while (performance.now() < deadline) {
    await sleep(intervalMs);
    const now = read();
    if (now !== last) {
      last = now;
      since = performance.now();
    } else if (performance.now() - since >= stableMs) {
      return now;
    }
  }
  throw new Error(`no plateau within ${timeoutMs} ms (last value ${last})`);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
