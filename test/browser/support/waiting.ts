import { setTimeout as sleep } from 'node:timers/promises';

/** Wall-clock milliseconds, comparable with the page's `performance.timeOrigin + performance.now()`. */
export const wallClock = (): number => performance.timeOrigin + performance.now();

export { plateau, within } from '../../support/waiting';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
