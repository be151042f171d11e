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
// React skips it without comparing its text. Closed, it is `content-visibility: auto`: off
// screen it is not laid out again, its last size remembered (`contain-intrinsic-size: auto`).
const closedStyle = { contentVisibility: 'auto', containIntrinsicSize: 'auto 1px auto 600px' } as const;
const TextChunk = /* @__PURE__ */ memo(
  ({ text, closed }: { text: string; start: number; end: number; closed: boolean }) => (
    <span className="rsc-chunk" style={closed ? closedStyle : undefined}>
      {text}
    </span>
  ),
  (a, b) => a.start === b.start && a.end === b.end && a.closed === b.closed,
);

/** Chunks per group. */
const GROUP = 32;
// A group of chunks is an inline-block of its own too, so the message's line layout holds one
// box per group, not per chunk: a layout after a flush walks the open group's chunks and the
// groups, never all the chunks of a 10 MB reply (whose layout otherwise grows with it).
const groupStyle = { display: 'inline-block', width: '100%', verticalAlign: 'top' } as const;
const closedGroupStyle = { ...groupStyle, ...closedStyle, containIntrinsicSize: 'auto 1px auto 19200px' } as const;
const TextGroup = /* @__PURE__ */ memo(
  ({ text, ends, from, closed }: { text: string; ends: number[]; from: number; to: number; closed: boolean; length: number }) => {
    const chunks = [];
    let start = from === 0 ? 0 : ends[from - 1]!;
    for (let index = from; index < from + GROUP && start < text.length; index++) {
      const end = index < ends.length ? ends[index]! : text.length;
      if (end > start) chunks.push(<TextChunk key={start} start={start} end={end} closed={index < ends.length} text={text.slice(start, end)} />);
      start = end;
    }
    return (
      <span className="rsc-chunks" style={closed ? closedGroupStyle : groupStyle}>
        {chunks}
      </span>
    );
  },
  // A closed group never changes; the open one changes with the text's length.
  (a, b) => a.from === b.from && a.closed === b.closed && (a.closed || a.length === b.length),
);

/**
 * A text part's text in stable chunks, so a flush lays out only what is new. Each chunk is a
 * span of its own formatting context (`inline-block`, full width), closed at a line end, so a
 * finished chunk keeps its layout, while the text stays one run for people and machines:
 * `textContent`, selection and copy give the exact text (an inline-block adds no line break
 * of its own), and find-in-page and screen readers read it as one message. Chunks come in
 * groups of 32, each an inline-block too.
 */
export function StreamingText({ text }: { text: string }) {
  const boundaries = useRef<number[]>([]);
  let ends = boundaries.current;
  // The text was replaced rather than extended (a resume restarts a reply): chunk it afresh.
  if (ends.length && ends[ends.length - 1]! > text.length) ends = boundaries.current = [];
  // A boundary lies at least CHUNK_CHARS past the last one: no need to look before that.
  if (text.length > (ends.at(-1) ?? 0) + CHUNK_CHARS) {
    for (let end = nextBoundary(text, ends.at(-1) ?? 0); end !== undefined; end = nextBoundary(text, end)) ends.push(end);
  }
  if (!ends.length) return text;
  const groups = [];
  // Chunk `index` ends at ends[index] (the last, open one at the text's end); groups of GROUP.
  const chunkCount = ends[ends.length - 1] === text.length ? ends.length : ends.length + 1;
  for (let from = 0; from < chunkCount; from += GROUP) {
    const to = Math.min(from + GROUP, chunkCount);
    // Closed when all its chunks are closed and a later chunk exists (the text went on past it).
    const closed = to < chunkCount;
    groups.push(<TextGroup key={from} text={text} ends={ends} from={from} to={to} closed={closed} length={text.length} />);
  }
  return groups;
}
