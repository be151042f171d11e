import type { MockReplyChunk } from '../partsEncoder.js';

/** A text or reasoning delta, whatever its spelling (a string, a `*-delta` chunk with or without id). */
export interface Delta {
  type: 'text' | 'reasoning';
  id: string | undefined;
  delta: string;
}

export function deltaOf(chunk: MockReplyChunk): Delta | undefined {
  if (typeof chunk === 'string') return { type: 'text', id: undefined, delta: chunk };
  if (chunk.type === 'text-delta' || chunk.type === 'reasoning-delta') {
    return { type: chunk.type === 'text-delta' ? 'text' : 'reasoning', id: chunk.id, delta: chunk.delta };
  }
  return undefined;
}
