import type { MockReplyChunk } from '../partsEncoder.js';

/** A text or reasoning delta, whatever its spelling (a string, a `*-delta` chunk with or without id). */
export interface Delta {
  type: 'text' | 'reasoning';
  id: string | undefined;
  delta: string;
}

/** The delta a chunk carries; `undefined` for other chunks and for empty deltas (they carry nothing, and would open empty blocks). */
export function deltaOf(chunk: MockReplyChunk): Delta | undefined {
  if (typeof chunk === 'string') return chunk ? { type: 'text', id: undefined, delta: chunk } : undefined;
  if ((chunk.type === 'text-delta' || chunk.type === 'reasoning-delta') && chunk.delta) {
    return { type: chunk.type === 'text-delta' ? 'text' : 'reasoning', id: chunk.id, delta: chunk.delta };
  }
  return undefined;
}
