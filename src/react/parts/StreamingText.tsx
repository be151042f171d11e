import { memo, useRef } from 'react';

/** A chunk is closed at the first line end past this many characters. */
const CHUNK_CHARS = 4096;
/** A run this long without a line end is closed at a space, or cut there. */
const MAX_CHUNK_CHARS = 4 * CHUNK_CHARS;

/**
 * Where the next chunk after `start` ends, if the text already holds its end: the first line end
 * past `CHUNK_CHARS`, else (a long run without one) the last space before `MAX_CHUNK_CHARS`.
 */
function nextBoundary(text: string, start: number): number | undefined {
  const lineEnd = text.indexOf('\n', start + CHUNK_CHARS);
  if (lineEnd >= 0 && lineEnd < start + MAX_CHUNK_CHARS) return lineEnd + 1;
  if (text.length < start + MAX_CHUNK_CHARS + 1) return undefined;
  const space = text.lastIndexOf(' ', start + MAX_CHUNK_CHARS);
  return space > start ? space + 1 : start + MAX_CHUNK_CHARS;
}

// A closed chunk never changes (a streaming text only grows), so its range is its identity:
// React skips it without comparing its text.
const closedStyle = { contentVisibility: 'auto', containIntrinsicSize: 'auto 1px auto 600px' } as const;
const TextChunk = /* @__PURE__ */ memo(
  ({ text, closed }: { text: string; start: number; end: number; closed: boolean }) => (
    <span className="rsc-chunk" style={closed ? closedStyle : undefined}>
      {text}
    </span>
  ),
  (a, b) => a.start === b.start && a.end === b.end && a.closed === b.closed,
);

/**
 * A text part's text in stable chunks, so a flush lays out only what is new. Each chunk is a
 * span of its own formatting context (`inline-block`, full width), closed at a line end, so a
 * finished chunk keeps its layout, while the text stays one run for people and machines:
 * `textContent`, selection and copy give the exact text (an inline-block adds no line break
 * of its own), and find-in-page and screen readers read it as one message.
 */
export function StreamingText({ text }: { text: string }) {
  const boundaries = useRef<number[]>([]);
  let ends = boundaries.current;
  // The text was replaced rather than extended (a resume restarts a reply): chunk it afresh.
  if (ends.length && ends[ends.length - 1]! > text.length) ends = boundaries.current = [];
  for (let end = nextBoundary(text, ends.at(-1) ?? 0); end !== undefined; end = nextBoundary(text, end)) ends.push(end);
  if (!ends.length) return text;
  const chunks = [];
  let start = 0;
  // Every chunk but the open one (the text after the last boundary) is closed.
  for (let index = 0; index <= ends.length; index++) {
    const end = index < ends.length ? ends[index]! : text.length;
    if (end > start) chunks.push(<TextChunk key={start} start={start} end={end} closed={index < ends.length} text={text.slice(start, end)} />);
    start = end;
  }
  return chunks;
}
