import type { StreamChunk } from './parts/chunks.js';

/** What waits in the buffer: a text delta (a string, the hot path) or any other chunk. */
export type BufferedChunk = string | StreamChunk;

// The text a chunk carries, which is what `maxBytes` bounds (UTF-16 units: bytes for ASCII).
const textLength = (chunk: BufferedChunk): number =>
  typeof chunk === 'string' ? chunk.length : 'delta' in chunk ? chunk.delta.length : 'inputTextDelta' in chunk ? chunk.inputTextDelta.length : 0;

/**
 * Chunks received but not yet rendered. The read loop asks `waitForSpace()` before each
 * `reader.read()`; while the buffer is full it waits, which is the backpressure. It is full at
 * `capacity` chunks (a number, or a `RenderBudget` that adapts it) or at `maxBytes` of text.
 * One network chunk may carry the buffer past either: those chunks are kept, never dropped.
 */
export class RenderBuffer {
  /** The most chunks that were ever waiting at once. */
  highWater = 0;
  /** Text waiting right now, in UTF-16 code units. */
  bytes = 0;
  #chunks: BufferedChunk[] = [];
  #wake: (() => void) | undefined;
  readonly #capacity: number | { readonly chunks: number };

  constructor(
    capacity: number | { readonly chunks: number },
    readonly maxBytes = Infinity,
  ) {
    const floor = typeof capacity === 'number' ? capacity : capacity.chunks;
    if (!(floor >= 1)) throw new RangeError(`bufferSize must be at least 1, got ${floor}`);
    if (!(maxBytes >= 1)) throw new RangeError(`maxBufferBytes must be at least 1, got ${maxBytes}`);
    this.#capacity = capacity;
  }

  /** The chunks it may hold now. */
  get capacity(): number {
    const capacity = this.#capacity;
    return typeof capacity === 'number' ? capacity : capacity.chunks;
  }

  get size(): number {
    return this.#chunks.length;
  }

  get isFull(): boolean {
    return this.size >= this.capacity || this.bytes >= this.maxBytes;
  }

  push(chunk: BufferedChunk): void {
    this.bytes += textLength(chunk);
    this.highWater = Math.max(this.highWater, this.#chunks.push(chunk));
  }

  /**
   * Takes what is buffered, in order: everything, or (given `maxChars`) the oldest chunks up to
   * that much text (at least one chunk), leaving the rest for the next flush. A waiting reader
   * goes on once there is room.
   */
  drain(maxChars = Infinity): BufferedChunk[] {
    let chunks = this.#chunks;
    if (this.bytes <= maxChars) {
      this.#chunks = [];
      this.bytes = 0;
    } else {
      let count = 0;
      let taken = 0;
      while (count < chunks.length && (count === 0 || taken < maxChars)) taken += textLength(chunks[count++]!);
      this.#chunks = chunks.slice(count);
      chunks = chunks.slice(0, count);
      this.bytes -= taken;
    }
    if (!this.isFull) this.release();
    return chunks;
  }

  /** Resolves once there is room (a drain, or a budget that grew and called `release()`, or an abort). */
  waitForSpace(): Promise<void> {
    return this.isFull ? new Promise((resolve) => (this.#wake = resolve)) : Promise.resolve();
  }

  /** Wakes a waiting reader without draining, so an aborted read loop can exit. */
  release(): void {
    this.#wake?.();
    this.#wake = undefined;
  }
}
