import { createHash } from 'node:crypto';

export interface BigReply {
  /** Tokens in the reply. */
  count: number;
  /** Bytes of the SSE frames that carry them (`data: <token>\n\n`), before the `done` frame. */
  frameBytes: number;
  /** The reply's length in UTF-16 code units, as `string.length` counts in the page. */
  length: number;
  /** SHA-256 (hex) of the reply's UTF-8. */
  sha256: string;
  tokens(): Generator<string>;
}

// Mostly ASCII, with 2-, 3- and 4-byte UTF-8 characters that network chunks will split.
const ALPHABET = Array.from('abcdefghijklmnopqrstuvwxyz abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ 0123456789.,;:!?-é€字😀');

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic reply of ~4 KiB tokens whose frames add up to at least `targetBytes`. */
export function createBigReply(targetBytes: number): BigReply {
  const random = mulberry32(0x5eed);
  const pool = Array.from({ length: 61 }, () =>
    Array.from({ length: 3800 }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join(''),
  );
  const token = (index: number) => `${index.toString(36)}|${pool[index % pool.length]}`;
  const frame = (text: string) => Buffer.byteLength(text) + 'data: \n\n'.length;

  let count = 0;
  let frameBytes = 0;
  let length = 0;
  const hash = createHash('sha256');
  while (frameBytes < targetBytes) {
    const text = token(count++);
    frameBytes += frame(text);
    length += text.length;
    hash.update(text);
  }
  return {
    count,
    frameBytes,
    length,
    sha256: hash.digest('hex'),
    *tokens() {
      for (let index = 0; index < count; index++) yield token(index);
    },
  };
}
