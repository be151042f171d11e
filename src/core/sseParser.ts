/**
 * Server-sent events, read from decoded text the way the HTML standard's EventSource reads them.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */

/** One dispatched event. */
export interface SSEEvent {
  /** The block's `event` field; undefined when it had none (or an empty one), i.e. "message". */
  event?: string;
  /** The block's `data` lines, joined with `\n`. */
  data: string;
  /** The last event ID: it persists across events, as in EventSource; undefined until one is set. */
  id?: string;
}

export type SSEParseErrorType = 'line-too-long';

/** The parser's one error type; `type` says what went wrong. */
export class SSEParseError extends Error {
  override name = 'SSEParseError';
  readonly type: SSEParseErrorType;

  constructor(type: SSEParseErrorType, message: string) {
    super(message);
    this.type = type;
  }
}

export interface SSEParserCallbacks {
  /** Called once per dispatched event (a block with at least one `data` line). */
  onEvent: (event: SSEEvent) => void;
  /** Called with a valid `retry` field's value, in milliseconds. */
  onRetry?: (ms: number) => void;
  /** Called with a comment line's text after the `:` (one leading space stripped). */
  onComment?: (comment: string) => void;
  /**
   * Called when a line is longer than `maxLineLength`. That line and the rest of its block are
   * dropped; parsing resumes after the block's blank line. Without `onError`, `feed()` throws
   * the error once it has parsed the whole chunk.
   */
  onError?: (error: SSEParseError) => void;
  /** The longest line the parser will hold, in characters. Default 1 MiB (1_048_576). */
  maxLineLength?: number;
}

export interface SSEParser {
  /** Parses the next piece of the stream's decoded text; pieces may split anywhere. */
  feed(text: string): void;
  /**
   * Drops a half-received line and block. The last event ID is kept, and a BOM is still only
   * stripped at the very start of the stream (reset does not re-arm that).
   */
  reset(): void;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const COLON = 58;
const BOM = 0xfeff;
const DIGITS = /^[0-9]+$/;

/** Creates an event stream parser with the shape of eventsource-parser's `createParser`. */
export function createSSEParser(callbacks: SSEParserCallbacks): SSEParser {
  const { onEvent, onRetry, onComment, onError, maxLineLength = 1_048_576 } = callbacks;
  if (!(maxLineLength > 0)) throw new RangeError(`maxLineLength must be positive, got ${maxLineLength}`);

  let started = false; // a BOM is stripped only as the stream's first character
  let pendingLF = false; // the last chunk ended with CR: a leading LF completes that CRLF
  let partial = ''; // the unterminated last line, never longer than maxLineLength
  let overlong = false; // skipping the rest of a line that passed maxLineLength
  let droppingBlock = false; // skipping the rest of that line's block, up to its blank line
  let data: string | undefined; // undefined until the block has a data line
  let eventType = '';
  let lastEventId = '';
  let thrown: SSEParseError | undefined;

  function feed(chunk: string): void {
    const length = chunk.length;
    if (length === 0) return;
    let pos = 0;
    if (!started) {
      started = true;
      if (chunk.charCodeAt(0) === BOM) pos = 1;
    }
    if (pendingLF) {
      pendingLF = false;
      if (chunk.charCodeAt(pos) === LF) pos++;
    }
    // Each indexOf runs again only once its hit is passed, so a chunk without any CR (or LF)
    // is scanned once, not once per line.
    let cr = chunk.indexOf('\r', pos);
    let lf = chunk.indexOf('\n', pos);
    while (pos < length) {
      if (cr !== -1 && cr < pos) cr = chunk.indexOf('\r', pos);
      if (lf !== -1 && lf < pos) lf = chunk.indexOf('\n', pos);
      const end = lf === -1 || (cr !== -1 && cr < lf) ? cr : lf;
      if (end === -1) {
        keepPartial(chunk, pos);
        break;
      }
      if (partial === '' && !overlong) processLine(chunk, pos, end);
      else endPartialLine(chunk, pos, end);
      pos = end + 1;
      if (end === lf) {
        // Most events are one line and a blank line: take the blank line without another scan.
        if (chunk.charCodeAt(pos) === LF) {
          dispatch();
          pos++;
        }
      } else if (pos === length) {
        // A CR ends its line at once, so CR-only servers are not stalled; a CRLF split after
        // the CR is completed by the LF that starts the next chunk.
        pendingLF = true;
      } else if (chunk.charCodeAt(pos) === LF) {
        pos++;
      }
    }
    if (thrown) {
      const error = thrown;
      thrown = undefined;
      throw error;
    }
  }

  function keepPartial(chunk: string, start: number): void {
    if (overlong) return;
    if (partial.length + chunk.length - start > maxLineLength) {
      partial = '';
      overlong = true;
      lineTooLong();
      return;
    }
    // Only the new chunk was scanned, and V8 appends to a string in O(1) (a rope, flattened once
    // at the line's end), so a long line in many small chunks costs linear time, not O(N²).
    partial += start === 0 ? chunk : chunk.slice(start);
  }

  /** Ends a line that began in an earlier chunk. */
  function endPartialLine(chunk: string, start: number, end: number): void {
    if (overlong) {
      overlong = false;
      return;
    }
    if (partial.length + end - start > maxLineLength) {
      partial = '';
      lineTooLong();
      return;
    }
    const line = partial + chunk.slice(start, end);
    partial = '';
    processLine(line, 0, line.length);
  }

  function lineTooLong(): void {
    data = undefined;
    eventType = '';
    droppingBlock = true;
    const error = new SSEParseError('line-too-long', `An event stream line is longer than ${maxLineLength} characters`);
    if (onError) onError(error);
    else thrown ??= error;
  }

  /** @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation */
  function processLine(line: string, start: number, end: number): void {
    if (start === end) dispatch();
    else if (end - start > maxLineLength) lineTooLong();
    else if (droppingBlock) return;
    // `data:`, `event:` and `id:` are nearly every line of a real stream: match them without
    // slicing out the field name, and keep this function small enough for V8 to inline.
    else if (startsWithData(line, start)) appendData(line.slice(valueStart(line, start + 5, end), end));
    else if (startsWithEvent(line, start)) eventType = line.slice(valueStart(line, start + 6, end), end);
    else if (startsWithId(line, start)) setId(line.slice(valueStart(line, start + 3, end), end));
    else processField(line, start, end);
  }

  function processField(line: string, start: number, end: number): void {
    // A line starting with a colon is a comment: ignored by the spec, offered to onComment.
    if (line.charCodeAt(start) === COLON) {
      if (onComment) onComment(line.slice(valueStart(line, start + 1, end), end));
      return;
    }
    // The field name runs up to the first colon; a line without one is a field with an empty value.
    let colon = start;
    while (colon < end && line.charCodeAt(colon) !== COLON) colon++;
    const value = colon === end ? '' : line.slice(valueStart(line, colon + 1, end), end);
    // Field names are compared literally: `Data` is an unknown field, and unknown fields are ignored.
    switch (line.slice(start, colon)) {
      case 'data':
        appendData(value);
        break;
      case 'event':
        eventType = value;
        break;
      case 'id':
        setId(value);
        break;
      case 'retry':
        // Only ASCII digits set the reconnection time; any other value is ignored.
        if (onRetry && DIGITS.test(value)) onRetry(Number(value));
        break;
    }
  }

  /** The spec appends value + LF and strips one trailing LF at dispatch; joining is the same. */
  function appendData(value: string): void {
    data = data === undefined ? value : `${data}\n${value}`;
  }

  /** @see https://html.spec.whatwg.org/multipage/server-sent-events.html#concept-event-stream-last-event-id */
  function setId(value: string): void {
    // An id with NUL is ignored; the last event ID persists across events until a new id field.
    if (!value.includes('\0')) lastEventId = value;
  }

  /** A blank line: dispatch the block, unless it has no data line. */
  function dispatch(): void {
    if (droppingBlock) {
      droppingBlock = false;
      return;
    }
    const type = eventType;
    eventType = '';
    if (data === undefined) return;
    const event: SSEEvent = { event: type || undefined, data, id: lastEventId || undefined };
    data = undefined;
    onEvent(event);
  }

  function reset(): void {
    partial = '';
    pendingLF = false;
    overlong = false;
    droppingBlock = false;
    data = undefined;
    eventType = '';
    thrown = undefined;
  }

  return { feed, reset };
}

/** A field's value starts after its colon, less one space if there is one. */
function valueStart(line: string, afterColon: number, end: number): number {
  return afterColon < end && line.charCodeAt(afterColon) === SPACE ? afterColon + 1 : afterColon;
}

// `line.startsWith('data:', i)` and the like, unrolled: on the hot path the builtin call costs
// more than the rest of the line.
const startsWithData = (line: string, i: number): boolean =>
  line.charCodeAt(i) === 100 && line.charCodeAt(i + 1) === 97 && line.charCodeAt(i + 2) === 116 && // d a t
  line.charCodeAt(i + 3) === 97 && line.charCodeAt(i + 4) === COLON; // a :

const startsWithEvent = (line: string, i: number): boolean =>
  line.charCodeAt(i) === 101 && line.charCodeAt(i + 1) === 118 && line.charCodeAt(i + 2) === 101 && // e v e
  line.charCodeAt(i + 3) === 110 && line.charCodeAt(i + 4) === 116 && line.charCodeAt(i + 5) === COLON; // n t :

const startsWithId = (line: string, i: number): boolean =>
  line.charCodeAt(i) === 105 && line.charCodeAt(i + 1) === 100 && line.charCodeAt(i + 2) === COLON; // i d :
