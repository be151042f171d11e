/**
 * Milliseconds on the process-wide monotonic clock (`process.hrtime`), the same in every thread,
 * unlike `performance.now()`, whose origin is each thread's start.
 */
export const now = (): number => Number(process.hrtime.bigint()) / 1e6;
