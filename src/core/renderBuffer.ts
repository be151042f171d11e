/**
 * Tokens received but not yet rendered. The read loop asks `waitForSpace()` before each
 * `reader.read()`; while the buffer is full it waits, which is the backpressure. One network
 * chunk may carry the buffer past `capacity`: those tokens are kept, never dropped.
 */
export class RenderBuffer {
  /** The most tokens that were ever waiting at once. */
  highWater = 0;
  #tokens: string[] = [];
  #wake: (() => void) | undefined;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`bufferSize must be at least 1, got ${capacity}`);
  }

  get size(): number {
    return this.#tokens.length;
  }

  get isFull(): boolean {
    return this.size >= this.capacity;
  }

  push(token: string): void {
    this.highWater = Math.max(this.highWater, this.#tokens.push(token));
  }

  /** Takes everything buffered, as one string, and lets a waiting reader go on. */
  drain(): string {
    const text = this.#tokens.join('');
    this.#tokens = [];
    this.release();
    return text;
  }

  /** Resolves once there is room (or `release()` is called, e.g. on abort). */
  waitForSpace(): Promise<void> {
    return this.isFull ? new Promise((resolve) => (this.#wake = resolve)) : Promise.resolve();
  }

  /** Wakes a waiting reader without draining, so an aborted read loop can exit. */
  release(): void {
    this.#wake?.();
    this.#wake = undefined;
  }
}
