/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The value below which `p` (0–1) of the values lie (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export const fmt = (value: number, digits = 0): string =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–';

/** `a / b` as a ratio, e.g. `12.3×`. */
export const ratio = (a: number, b: number, digits = 1): string => (b > 0 && Number.isFinite(a) ? `${fmt(a / b, digits)}×` : '–');

export const bytes = (n: number): string => (n >= 1024 * 1024 ? `${fmt(n / 1024 / 1024, 2)} MiB` : n >= 1024 ? `${fmt(n / 1024, 1)} KiB` : `${n} B`);

/** Runs `fn` `runs` times, one after another. */
export async function repeat<T>(runs: number, fn: (run: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let run = 0; run < runs; run++) results.push(await fn(run));
  return results;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Lets pending I/O callbacks, timers and the garbage collector settle between runs. */
export async function settle(): Promise<void> {
  await sleep(20);
  (globalThis as { gc?: () => void }).gc?.();
  await sleep(5);
}
