/** What `withHeartbeat` resolves with when the time for a heartbeat came first. */
export const HEARTBEAT = Symbol('heartbeat');

/**
 * `next`, or `HEARTBEAT` if `ms` pass first (at once when `ms` is not positive: a heartbeat is
 * overdue). `Infinity` (or `NaN`) waits for `next` alone.
 */
export async function withHeartbeat<T>(next: Promise<T>, ms: number): Promise<T | typeof HEARTBEAT> {
  if (!(ms < Infinity)) return next;
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
