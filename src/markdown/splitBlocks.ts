import type { Token } from 'marked';
import { completeTail } from './completeTail.js';
import { lexBlocks } from './lex.js';

/** One top-level block of the text: a paragraph, a list, a table, a code block… */
export interface MarkdownBlock {
  /** Its position among the blocks: stable while the text grows. */
  key: string;
  /** The block's source. */
  raw: string;
  /** marked's token for it (for the open block, lexed from its completed tail). */
  token: Token;
  /** The last block of a streaming text: the next flush may change it. */
  open: boolean;
}

/** The text split into blocks, and where its last block starts (where the next split re-lexes). */
export interface MarkdownBlocks {
  text: string;
  streaming: boolean;
  blocks: MarkdownBlock[];
  lastStart: number;
}

/**
 * Splits `text` into blocks with marked's lexer. Pure: the same arguments give equal blocks.
 *
 * While `streaming`, a text that extends `previous.text` keeps every block of `previous` but the
 * last one as it is (same objects) and lexes again only from the start of that last block, so a
 * flush costs what the tail costs, whatever the length of the text. The last block is open: its
 * unclosed markers are completed (see `completeTail`).
 *
 * Not streaming, the whole text is lexed once, as CommonMark + GFM says; blocks whose source did
 * not change keep their objects, unless reference definitions (`[id]: url`, which reach back
 * into earlier blocks) are present.
 */
export function splitBlocks(text: string, streaming: boolean, previous?: MarkdownBlocks): MarkdownBlocks {
  // marked turns CR LF into LF before lexing; doing it first keeps raw lengths equal to offsets.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (previous && previous.text === text && previous.streaming === streaming) return previous;
  const grows = streaming && previous !== undefined && text.startsWith(previous.text);
  const kept = grows ? previous.blocks.slice(0, -1) : [];
  const start = grows ? previous.lastStart : 0;
  const tokens = lexBlocks(start ? text.slice(start) : text);
  const reusable = !streaming && previous !== undefined && Object.keys(tokens.links).length === 0;

  const blocks = kept;
  let lastStart = start;
  let offset = start;
  for (const token of tokens) {
    if (token.type !== 'space') {
      const index = blocks.length;
      const before = previous?.blocks[index];
      lastStart = offset;
      blocks.push(
        reusable && before && !before.open && before.raw === token.raw
          ? before
          : { key: String(index), raw: token.raw, token, open: false },
      );
    }
    offset += token.raw.length;
  }
  const last = blocks.at(-1);
  if (streaming && last) blocks[blocks.length - 1] = { ...last, token: completeTail(last.token), open: true };
  return { text, streaming, blocks, lastStart: blocks.length ? lastStart : text.length };
}
