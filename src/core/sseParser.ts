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

  // `var`, not `let`: V8 checks a `let` that inner functions share for its temporal dead zone at
  // every read, and these are read for every line (small events parse ~15% faster this way).
  var started = false; // a BOM is stripped only as the stream's first character
  var pendingLF = false; // the last chunk ended with CR: a leading LF completes that CRLF
  var partial = ''; // the unterminated last line, never longer than maxLineLength
  var overlong = false; // skipping the rest of a line that passed maxLineLength
  var droppingBlock = false; // skipping the rest of that line's block, up to its blank line
  var data: string | undefined; // undefined until the block has a data line
  var eventType: string | undefined; // undefined for none or an empty one, i.e. "message"
  var lastEventId: string | undefined; // undefined while empty
  var thrown: SSEParseError | undefined;

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
    let cr = chunk.indexOf('\r', pos);
    if (partial !== '' || overlong) {
      pos = endPartialLine(chunk, pos, cr);
      if (cr !== -1 && cr < pos) cr = chunk.indexOf('\r', pos);
    }
    // Nearly every stream ends its lines with LF alone, and no line in a chunk no longer than
    // maxLineLength can be too long: such a chunk is read by the fast loop.
    pos = cr === -1 && length <= maxLineLength ? readLFLines(chunk, pos) : readLines(chunk, pos, cr);
    if (pos < length) keepPartial(chunk, pos);
    if (thrown) {
      const error = thrown;
      thrown = undefined;
      throw error;
    }
  }

  /** Reads the lines of a chunk without CR; returns where its unterminated last line starts. */
  function readLFLines(chunk: string, pos: number): number {
    for (let lf = chunk.indexOf('\n', pos); lf !== -1; lf = chunk.indexOf('\n', pos)) {
      if (lf === pos) dispatch();
      else if (droppingBlock) {
        // The rest of a block cut short by a line too long is skipped.
      } else if (startsWithData(chunk, pos)) {
        const value = chunk.slice(valueStart(chunk, pos + 5), lf);
        // Most blocks are one data line and a blank line: dispatch them without storing the value.
        if (data === undefined && chunk.charCodeAt(lf + 1) === LF) {
          emit(value);
          lf++;
        } else appendData(value);
      } else processField(chunk, pos, lf);
      pos = lf + 1;
    }
    return pos;
  }

  /** Reads the lines of a chunk ended by CR, LF or CRLF; returns where its unterminated last line starts. */
  function readLines(chunk: string, pos: number, cr: number): number {
    const length = chunk.length;
    // Each indexOf runs again only once its hit is passed (-1: none left), and a blank line (the
    // end of most blocks) is seen without one.
    let lf = chunk.indexOf('\n', pos);
    while (pos < length) {
      let end = pos;
      let atCR: boolean;
      const c = chunk.charCodeAt(pos);
      if (c === LF || c === CR) {
        atCR = c === CR;
        dispatch();
      } else {
        if (cr !== -1 && cr < pos) cr = chunk.indexOf('\r', pos);
        if (lf !== -1 && lf < pos) lf = chunk.indexOf('\n', pos);
        end = lf === -1 || (cr !== -1 && cr < lf) ? cr : lf;
        if (end === -1) break;
        atCR = end === cr;
        processLine(chunk, pos, end);
      }
      pos = end + 1;
      // A CR takes the LF after it; at the chunk's end, that LF may start the next chunk.
      if (atCR) {
        if (pos === length) pendingLF = true;
        else if (chunk.charCodeAt(pos) === LF) pos++;
      }
    }
    return pos;
  }

  /** The position after the line end at `end`: a CR takes the LF after it, or one at the next chunk's start. */
  function afterLineEnd(chunk: string, end: number): number {
    const next = end + 1;
    if (chunk.charCodeAt(end) === CR) {
      if (next === chunk.length) pendingLF = true;
      else if (chunk.charCodeAt(next) === LF) return next + 1;
    }
    return next;
  }

  /** Ends a line that began in an earlier chunk; returns where the rest of the chunk starts. */
  function endPartialLine(chunk: string, pos: number, cr: number): number {
    const lf = chunk.indexOf('\n', pos);
    const end = lf === -1 || (cr !== -1 && cr < lf) ? cr : lf;
    if (end === -1) {
      keepPartial(chunk, pos);
      return chunk.length;
    }
    if (overlong) overlong = false;
    else if (partial.length + end - pos > maxLineLength) lineTooLong();
    else {
      const line = partial + chunk.slice(pos, end);
      partial = '';
      processLine(line, 0, line.length);
    }
    partial = '';
    return afterLineEnd(chunk, end);
  }

  function keepPartial(chunk: string, start: number): void {
    if (overlong) return;
    if (partial.length + chunk.length - start > maxLineLength) {
      partial = '';
      overlong = true;
      lineTooLong();
      return;
    }
    // V8 appends to a string in O(1) (a rope, flattened once at the line's end), so a long line
    // in many small chunks costs linear time, not O(N²).
    partial += start === 0 ? chunk : chunk.slice(start);
  }

  function lineTooLong(): void {
    data = undefined;
    eventType = undefined;
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
    else if (startsWithData(line, start)) appendData(line.slice(valueStart(line, start + 5), end));
    else processField(line, start, end);
  }

  /** Any line but a blank or a `data:` one. */
  function processField(line: string, start: number, end: number): void {
    // `event:` and `id:` are nearly every other line of a real stream: match them without
    // slicing out the field name.
    const first = line.charCodeAt(start); // read once for the names it is matched with
    if (isEvent(line, start, first)) eventType = line.slice(valueStart(line, start + 6), end) || undefined;
    else if (isId(line, start, first)) setId(line.slice(valueStart(line, start + 3), end));
    // A line starting with a colon is a comment: ignored by the spec, offered to onComment.
    else if (first === COLON) {
      if (onComment) onComment(line.slice(valueStart(line, start + 1), end));
    } else processOtherField(line, start, end);
  }

  function processOtherField(line: string, start: number, end: number): void {
    // The field name runs up to the first colon; a line without one is a field with an empty value.
    let colon = start;
    while (colon < end && line.charCodeAt(colon) !== COLON) colon++;
    const value = colon === end ? '' : line.slice(valueStart(line, colon + 1), end);
    // Field names are compared literally: `Data` is an unknown field, and unknown fields are ignored.
    switch (line.slice(start, colon)) {
      case 'data':
        appendData(value);
        break;
      case 'event':
        eventType = value || undefined;
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
    if (!value.includes('\0')) lastEventId = value || undefined;
  }

  /** A blank line: dispatch the block, unless it has no data line. */
  function dispatch(): void {
    if (droppingBlock) droppingBlock = false;
    else if (data === undefined) eventType = undefined;
    else {
      const value = data;
      data = undefined;
      emit(value);
    }
  }

  function emit(value: string): void {
    const event: SSEEvent = { event: eventType, data: value, id: lastEventId };
    eventType = undefined;
    onEvent(event);
  }

  function reset(): void {
    partial = '';
    pendingLF = false;
    overlong = false;
    droppingBlock = false;
    data = undefined;
    eventType = undefined;
    thrown = undefined;
  }

  return { feed, reset };
}

/**
 * A field's value starts after its colon, less one space if there is one. (At the line's end
 * stands its CR or LF, or nothing: never a space.)
 */
function valueStart(line: string, afterColon: number): number {
  return line.charCodeAt(afterColon) === SPACE ? afterColon + 1 : afterColon;
}

// `line.startsWith('data:', i)` and the like, unrolled: on the hot path the builtin call costs
// more than the rest of the line. The others get the line's first character, read once.
const startsWithData = (line: string, i: number): boolean =>
  line.charCodeAt(i) === 100 && line.charCodeAt(i + 1) === 97 && line.charCodeAt(i + 2) === 116 && // d a t
  line.charCodeAt(i + 3) === 97 && line.charCodeAt(i + 4) === COLON; // a :

const isEvent = (line: string, i: number, first: number): boolean =>
  first === 101 && line.charCodeAt(i + 1) === 118 && line.charCodeAt(i + 2) === 101 && // e v e
  line.charCodeAt(i + 3) === 110 && line.charCodeAt(i + 4) === 116 && line.charCodeAt(i + 5) === COLON; // n t :

const isId = (line: string, i: number, first: number): boolean =>
  first === 105 && line.charCodeAt(i + 1) === 100 && line.charCodeAt(i + 2) === COLON; // i d :
