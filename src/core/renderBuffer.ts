/**
 * Tokens received but not yet rendered. The read loop asks `waitForSpace()` before each
 * `reader.read()`; while the buffer is full it waits, which is the backpressure. One network
 * chunk may carry the buffer past `capacity`: those tokens are kept, never dropped.
 */
export class RenderBuffer {
  readonly capacity: number;
  highWater = 0;
  #tokens: string[] = [];
  #wake: (() => void) | undefined;

  constructor(capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`bufferSize must be at least 1, got ${capacity}`);
    this.capacity = capacity;
  }

  get size(): number {
    return this.#tokens.length;
  }

  get isFull(): boolean {
    return this.#tokens.length >= this.capacity;
  }

  push(token: string): void {
    const size = this.#tokens.push(token);
    if (size > this.highWater) this.highWater = size;
  }

  /** Takes everything buffered, as one string, and lets a waiting reader go on. */
  drain(): string {
    const text = this.#tokens.length === 1 ? this.#tokens[0]! : this.#tokens.join('');
    this.#tokens = [];
    this.release();
    return text;
  }

  /** Resolves once there is room (or `release()` is called, e.g. on abort). */
  waitForSpace(): Promise<void> {
    if (!this.isFull) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  /** Wakes a waiting reader without draining, so an aborted read loop can exit. */
  release(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
