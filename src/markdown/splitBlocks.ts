import type { Token } from 'marked';
import { completeTail } from './completeTail.js';
import { lexBlocks } from './lex.js';

/** One top-level block of the text: a paragraph, a list, a table, a code block… */
export interface MarkdownBlock {
  /** Its position among the blocks: stable while the text grows. */
  key: number;
  /** Where its source starts in the text. */
  start: number;
  /** The block's source. */
  raw: string;
  /** marked's token for it (for the open block, lexed from its completed tail). */
  token: Token;
  /** The last block of a streaming text: the next flush may change it. */
  open: boolean;
}

/** The text split into blocks. */
export interface MarkdownBlocks {
  text: string;
  streaming: boolean;
  /** Reference definitions were seen (they reach back into earlier blocks). */
  links: boolean;
  blocks: MarkdownBlock[];
}

/**
 * Splits `text` into blocks with marked's lexer. Pure: the same arguments give equal blocks.
 *
 * A text that extends `previous.text` (while streaming, checked only on the part lexed again: a
 * stream only appends) keeps the blocks of `previous` but the last two as they are (same
 * objects), and lexes again only from the start of those two: the last block may grow, and the
 * one before it may take it back in (`2` after a list is a paragraph until the `.` arrives). So
 * a flush costs what the tail costs, whatever the length of the text, and so does the end of
 * the stream. A block whose source did not change keeps its object.
 *
 * While `streaming`, the last block is open: its unclosed markers are completed (see
 * `completeTail`). Not streaming, the blocks are what lexing the whole text gives (CommonMark +
 * GFM); once reference definitions (`[id]: url`, which reach back into earlier blocks) have been
 * seen, the whole text is lexed again to get there.
 */
export function splitBlocks(text: string, streaming: boolean, previous?: MarkdownBlocks): MarkdownBlocks {
  // marked turns CR LF into LF before lexing; doing it first keeps raw lengths equal to offsets.
  // (Only when there is one: the replace scans 100 KB in ~200 µs, the check in ~3 µs.)
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (previous && previous.text === text && previous.streaming === streaming) return previous;
  const from = (previous?.blocks.at(-2) ?? previous?.blocks.at(-1))?.start ?? 0;
  // Does the text extend the previous one? Comparing all of it would cost ~130 µs at 100 KB, most
  // of a flush: while streaming (a stream only appends) the part lexed again is compared and the
  // kept blocks are trusted; otherwise (the end of a stream, or a text edited anywhere) all of it.
  const at = streaming ? from : 0;
  const grows =
    previous !== undefined &&
    (streaming || !previous.links) &&
    text.length >= previous.text.length &&
    text.startsWith(previous.text.slice(at), at);
  let offset = grows ? from : 0;
  let tokens = lexBlocks(offset ? text.slice(offset) : text);
  const links = (grows && previous.links) || Object.keys(tokens.links).length > 0;
  if (links && !streaming && offset) tokens = lexBlocks(text.slice((offset = 0)));
  const blocks = offset ? previous!.blocks.slice(0, -2) : [];
  const reusable = streaming || !links;

  let lastToken: Token | undefined;
  for (const token of tokens) {
    if (token.type !== 'space') {
      lastToken = token;
      const index = blocks.length;
      const before = previous?.blocks[index];
      blocks.push(
        reusable && before && !before.open && before.start === offset && before.raw === token.raw
          ? before
          : { key: index, start: offset, raw: token.raw, token, open: false },
      );
    }
    offset += token.raw.length;
  }
  // The open block's token is always one lexed just now (completeTail edits it in place).
  const last = blocks.at(-1);
  if (streaming && last && lastToken) blocks[blocks.length - 1] = { ...last, token: completeTail(lastToken), open: true };
  return { text, streaming, links, blocks };
}
