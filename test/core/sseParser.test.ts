import fc from 'fast-check';
import { createSSEParser, SSEParseError, type SSEEvent, type SSEParserCallbacks } from 'react-streaming-chat/core';

type Entry =
  | { event: SSEEvent }
  | { retry: number }
  | { comment: string }
  | { error: string };

/** Everything the parser reported, in order. */
function parse(chunks: readonly string[], options: Partial<SSEParserCallbacks> = {}): Entry[] {
  const log: Entry[] = [];
  const parser = createSSEParser({
    onEvent: (event) => log.push({ event }),
    onRetry: (retry) => log.push({ retry }),
    onComment: (comment) => log.push({ comment }),
    onError: (error) => log.push({ error: error.type }),
    ...options,
  });
  for (const chunk of chunks) parser.feed(chunk);
  return log;
}

const splitAt = (text: string, points: readonly number[]): string[] => {
  const cuts = [...new Set(points)].sort((a, b) => a - b);
  return [0, ...cuts].map((from, i) => text.slice(from, cuts[i] ?? text.length));
};

/** Feeds `text` whole, one character at a time and at random splits: all must give `expected`. */
function expectParse(text: string, expected: Entry[], options: Partial<SSEParserCallbacks> = {}): void {
  expect(parse([text], options)).toEqual(expected);
  expect(parse(text.split(''), options)).toEqual(expected);
  fc.assert(
    fc.property(fc.array(fc.nat(text.length), { maxLength: 8 }), (points) => {
      expect(parse(splitAt(text, points), options)).toEqual(expected);
    }),
    { numRuns: 50 },
  );
}

const ev = (data: string, extra: Partial<SSEEvent> = {}): Entry => ({ event: { data, ...extra } });

describe('createSSEParser', () => {
  describe('lines', () => {
    it('ends lines at LF, CRLF and CR', () => {
      expectParse('data: a\n\n', [ev('a')]);
      expectParse('data: a\r\n\r\n', [ev('a')]);
      expectParse('data: a\r\r', [ev('a')]);
      expectParse('data: a\rdata: b\r\ndata: c\n\r\n', [ev('a\nb\nc')]);
    });

    it('reads the spec example fed at its awkward boundaries', () => {
      const chunks = ['data: A\r\n', 'data: B\r', '\n', 'data: C\r\n', '\n'];
      expect(parse(chunks)).toEqual([ev('A\nB\nC')]);
      expectParse(chunks.join(''), [ev('A\nB\nC')]);
    });

    it('ends a line at a CR that ends a chunk, without waiting for the next chunk', () => {
      const log: SSEEvent[] = [];
      const parser = createSSEParser({ onEvent: (e) => log.push(e) });
      parser.feed('data: a\r');
      parser.feed('\r');
      expect(log).toEqual([{ data: 'a' }]);
      parser.feed('data: b\r\r');
      expect(log).toEqual([{ data: 'a' }, { data: 'b' }]);
    });

    it('skips the LF of a CRLF split across chunks, even past an empty chunk', () => {
      expect(parse(['data: a\r', '\n', '\n'])).toEqual([ev('a')]);
      expect(parse(['data: a\r', '', '\ndata: b\n\n'])).toEqual([ev('a\nb')]);
      expect(parse(['data: a\r', '\r\n', 'data: b\r', '\n\r', '\n'])).toEqual([ev('a'), ev('b')]);
    });

    it('strips exactly one space after the colon', () => {
      expectParse('data:x\n\ndata: x\n\ndata:  x\n\ndata: \n\n', [ev('x'), ev('x'), ev(' x'), ev('')]);
      expectParse('event:  spaced\ndata:\tx \n\n', [ev('\tx ', { event: ' spaced' })]);
    });

    it('keeps everything after the first colon in the value', () => {
      expectParse('data: a: b:c\n\n', [ev('a: b:c')]);
    });

    it('reads a field without a colon as an empty value', () => {
      expectParse('data\n\n', [ev('')]);
      expectParse('data:\ndata: x\n\n', [ev('\nx')]);
      expectParse('data: x\ndata\n\n', [ev('x\n')]);
      expectParse('event\ndata: x\n\n', [ev('x')]);
    });
  });

  describe('events', () => {
    it('joins several data lines with LF', () => {
      expectParse('data: a\ndata: b\ndata: c\n\n', [ev('a\nb\nc')]);
      expectParse('data:\ndata:\n\n', [ev('\n')]);
    });

    it('dispatches nothing for a block without a data line', () => {
      expectParse('event: foo\n\n', []);
      expectParse('event: foo\n\n\n\ndata: x\n\n', [ev('x')]);
      expectParse(': only a comment\n\n', [{ comment: 'only a comment' }]);
    });

    it("dispatches the server's terminal frame with an empty data", () => {
      expectParse('data: hi\n\nevent: done\ndata:\n\n', [ev('hi'), ev('', { event: 'done' })]);
      const log: SSEEvent[] = [];
      createSSEParser({ onEvent: (e) => log.push(e) }).feed('event: done\ndata:\n\n');
      expect(log).toEqual([{ event: 'done', data: '', id: undefined }]);
      expect(log[0]?.event).toBe('done');
    });

    it('resets the event type after each dispatch, and leaves it undefined when absent', () => {
      const log: SSEEvent[] = [];
      createSSEParser({ onEvent: (e) => log.push(e) }).feed('event: a\ndata: 1\n\ndata: 2\n\nevent:\ndata: 3\n\n');
      expect(log.map((e) => e.event)).toEqual(['a', undefined, undefined]);
      expectParse('event: a\ndata: 1\n\ndata: 2\n\n', [ev('1', { event: 'a' }), ev('2')]);
    });

    it('lets the last event field of a block win, and drops the type of an undispatched block', () => {
      expectParse('event: a\nevent: b\ndata: x\n\n', [ev('x', { event: 'b' })]);
      expectParse('event: a\n\ndata: x\n\n', [ev('x')]);
    });

    it('never dispatches a trailing block without its blank line', () => {
      expectParse('data: a\n\ndata: b\n', [ev('a')]);
      expectParse('data: a\n\ndata: b', [ev('a')]);
      expectParse('data: a\n\ndata: b\r', [ev('a')]);
    });

    it('ignores unknown fields and compares field names case-sensitively', () => {
      expectParse('Data: x\nDATA: y\nfoo: bar\ndata : z\ndata: ok\n\n', [ev('ok')]);
      expectParse('Event: x\ndata: 1\n\n', [ev('1')]);
      expectParse(' data: x\n\n', []);
    });
  });

  describe('id', () => {
    it('keeps the last event ID across events, as EventSource does', () => {
      expectParse('id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n', [
        ev('a', { id: '1' }),
        ev('b', { id: '1' }),
        ev('c', { id: '2' }),
      ]);
    });

    it('sets the ID even from a block that dispatches nothing', () => {
      expectParse('id: 7\n\ndata: a\n\n', [ev('a', { id: '7' })]);
    });

    it('clears the ID with an empty id field', () => {
      expectParse('id: 1\ndata: a\n\nid\ndata: b\n\nid:\ndata: c\n\n', [ev('a', { id: '1' }), ev('b'), ev('c')]);
    });

    it('ignores an id containing NUL', () => {
      expectParse('id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n', [ev('a', { id: '1' }), ev('b', { id: '1' })]);
    });

    it('leaves id undefined until one is set', () => {
      const log: SSEEvent[] = [];
      createSSEParser({ onEvent: (e) => log.push(e) }).feed('data: a\n\n');
      expect(log[0]?.id).toBeUndefined();
    });
  });

  describe('retry', () => {
    it('reports a retry of ASCII digits', () => {
      expectParse('retry: 1500\n', [{ retry: 1500 }]);
      expectParse('retry:0\ndata: x\n\n', [{ retry: 0 }, ev('x')]);
    });

    it('ignores any other retry value', () => {
      const bad = ['retry: 1.5', 'retry: -1', 'retry: 12a', 'retry: ', 'retry', 'retry:  10', 'retry: １２', 'retry: 1e3'];
      expectParse(`${bad.join('\n')}\ndata: x\n\n`, [ev('x')]);
    });
  });

  describe('comments', () => {
    it('reports comments without their colon and one leading space', () => {
      expectParse(': hello\n:no-space\n:\n:  two\n', [
        { comment: 'hello' },
        { comment: 'no-space' },
        { comment: '' },
        { comment: ' two' },
      ]);
    });

    it('does not end or change the block they sit in', () => {
      expectParse('data: a\n: keep-alive\ndata: b\n\n', [{ comment: 'keep-alive' }, ev('a\nb')]);
    });

    it('are ignored without onComment', () => {
      expect(parse([': x\ndata: a\n\n'], { onComment: undefined })).toEqual([ev('a')]);
    });
  });

  describe('BOM', () => {
    it('strips one BOM at the start of the stream', () => {
      expectParse('\uFEFFdata: a\n\n', [ev('a')]);
      expect(parse(['', '\uFEFF', 'data: a\n\n'])).toEqual([ev('a')]);
    });

    it('strips only one: a second BOM starts an unknown field name', () => {
      expectParse('\uFEFF\uFEFFdata: a\n\ndata: b\n\n', [ev('b')]);
    });

    it('keeps a BOM anywhere else', () => {
      expectParse('data: a\n\n\uFEFFdata: b\n\n', [ev('a')]);
      expectParse('data: \uFEFFx\n\n', [ev('\uFEFFx')]);
    });
  });

  describe('maxLineLength', () => {
    const small = { maxLineLength: 10 };

    it('accepts a line of exactly maxLineLength', () => {
      expectParse('data: 0123\n\n', [ev('0123')], small);
    });

    it('reports a longer line once and goes on after its block', () => {
      expectParse('data: 01234\n\ndata: ok\n\n', [{ error: 'line-too-long' }, ev('ok')], small);
      expectParse('data: 0123456789abcdef\r\n\r\ndata: ok\r\n\r\n', [{ error: 'line-too-long' }, ev('ok')], small);
    });

    it('drops the whole block holding the long line', () => {
      const text = 'data: a\nevent: x\ndata: 0123456789\ndata: b\n\ndata: c\n\n';
      expectParse(text, [{ error: 'line-too-long' }, ev('c')], small);
    });

    it('reports each long line, and one that never ends', () => {
      const text = 'data: 0123456789\n\ndata: ok\n\n: 0123456789\n\ndata: 0123456789';
      expectParse(text, [{ error: 'line-too-long' }, ev('ok'), { error: 'line-too-long' }, { error: 'line-too-long' }], small);
    });

    it('passes an SSEParseError to onError', () => {
      const errors: unknown[] = [];
      createSSEParser({ onEvent: () => {}, onError: (e) => errors.push(e), maxLineLength: 4 }).feed('data: x\n');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(SSEParseError);
      expect(errors[0]).toMatchObject({ type: 'line-too-long', name: 'SSEParseError' });
    });

    it('throws from feed without onError, after parsing the whole chunk', () => {
      const log: SSEEvent[] = [];
      const parser = createSSEParser({ onEvent: (e) => log.push(e), maxLineLength: 8 });
      expect(() => parser.feed('data: toolong\n\ndata: x\n\ndata: y')).toThrow(SSEParseError);
      expect(log).toEqual([{ data: 'x' }]);
      parser.feed('\n\n');
      expect(log).toEqual([{ data: 'x' }, { data: 'y' }]);
    });

    it('knows a line is too long while it arrives, not when it ends', () => {
      const errors: SSEParseError[] = [];
      const parser = createSSEParser({ onEvent: () => {}, onError: (e) => errors.push(e), maxLineLength: 100_000 });
      const piece = 'x'.repeat(64 * 1024);
      parser.feed(`data: ${piece}`);
      expect(errors).toHaveLength(0);
      parser.feed(piece);
      expect(errors).toHaveLength(1);
    });

    it('reads on after a 10 MB line fed in 64 KiB pieces, keeping none of it', () => {
      const log: Entry[] = [];
      const parser = createSSEParser({
        onEvent: (event) => log.push({ event }),
        onError: (error) => log.push({ error: error.type }),
        maxLineLength: 1000,
      });
      const piece = 'y'.repeat(64 * 1024);
      parser.feed('data: before\n\ndata: ');
      for (let sent = 0; sent < 10_000_000; sent += piece.length) parser.feed(piece);
      // Had any of the long line been kept, it would show up in the next event's data.
      parser.feed('\r');
      parser.feed('\n\ndata: after\n\n');
      expect(log).toEqual([ev('before'), { error: 'line-too-long' }, ev('after')]);
    });

    it('uses 1 MiB by default', () => {
      const max = 1_048_576;
      expect(parse([`: ${'z'.repeat(max - 2)}\n`])).toEqual([{ comment: 'z'.repeat(max - 2) }]);
      expect(parse([`: ${'z'.repeat(max - 1)}\n`])).toEqual([{ error: 'line-too-long' }]);
    });

    it('rejects a maxLineLength that is not positive', () => {
      expect(() => createSSEParser({ onEvent: () => {}, maxLineLength: 0 })).toThrow(RangeError);
      expect(() => createSSEParser({ onEvent: () => {}, maxLineLength: Number.NaN })).toThrow(RangeError);
    });
  });

  describe('reset', () => {
    const setup = (maxLineLength?: number) => {
      const log: Entry[] = [];
      const parser = createSSEParser({
        onEvent: (event) => log.push({ event }),
        onError: (error) => log.push({ error: error.type }),
        maxLineLength,
      });
      return { log, parser };
    };

    it('discards a half-received block', () => {
      const { log, parser } = setup();
      parser.feed('event: x\ndata: a\n');
      parser.reset();
      parser.feed('data: b\n\n');
      expect(log).toEqual([ev('b')]);
    });

    it('discards a half-received line', () => {
      const { log, parser } = setup();
      parser.feed('data: par');
      parser.reset();
      parser.feed('data: b\n\n');
      expect(log).toEqual([ev('b')]);
    });

    it('ends the skipping of an over-long line', () => {
      const { log, parser } = setup(10);
      parser.feed('data: 0123456789');
      parser.reset();
      parser.feed('data: b\n\n');
      expect(log).toEqual([{ error: 'line-too-long' }, ev('b')]);
    });

    it('keeps the last event ID and does not strip a BOM again', () => {
      const { log, parser } = setup();
      parser.feed('id: 7\ndata: a\n\n');
      parser.reset();
      parser.feed('data: b\n\n\uFEFFdata: c\n\n');
      expect(log).toEqual([ev('a', { id: '7' }), ev('b', { id: '7' })]);
      const fresh = setup();
      fresh.parser.reset();
      fresh.parser.feed('\uFEFFdata: c\n\n');
      expect(fresh.log).toEqual([ev('c')]);
    });
  });

  describe('property: any stream, any byte split', () => {
    const lineBreaks = ['\n', '\r', '\r\n'] as const;
    // Event names and ids cannot hold line breaks; ids cannot hold NUL (the parser would ignore them).
    const fieldValue = fc.string({ unit: 'binary', maxLength: 8 }).filter((s) => !/[\r\n\0]/.test(s));
    interface Written {
      event?: string;
      id?: string;
      data: string;
      comment?: string;
    }
    const source: fc.Arbitrary<Written> = fc.record(
      {
        event: fieldValue,
        id: fieldValue,
        data: fc.string({ unit: fc.oneof(fc.constantFrom('\n', '\r', 'a', ' ', ':'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 24 }),
        comment: fieldValue,
      },
      { requiredKeys: ['data'] },
    );

    /** Serializes events; each line gets its own line break, picked by `pick`. */
    function serialize(events: readonly Written[], pick: () => string) {
      let text = '';
      const line = (s: string) => {
        let lineBreak = pick();
        // CR, then a blank line ended by LF, is one CRLF: a writer mixing styles must avoid it.
        if (s === '' && lineBreak === '\n' && text.endsWith('\r')) lineBreak = '\r\n';
        text += s + lineBreak;
      };
      for (const e of events) {
        if (e.comment !== undefined) line(`: ${e.comment}`);
        if (e.event !== undefined) line(`event: ${e.event}`);
        if (e.id !== undefined) line(`id: ${e.id}`);
        for (const dataLine of e.data.split(/\r\n|\r|\n/)) line(`data: ${dataLine}`);
        line('');
      }
      return text;
    }

    /** What the parser must report: line breaks in data read as LF, ids persist, empty means absent. */
    function model(events: readonly Written[]): Entry[] {
      const out: Entry[] = [];
      let lastId = '';
      for (const e of events) {
        if (e.comment !== undefined) out.push({ comment: e.comment });
        if (e.id !== undefined) lastId = e.id;
        const data = e.data.split(/\r\n|\r|\n/).join('\n');
        out.push({ event: { data, event: e.event || undefined, id: lastId || undefined } });
      }
      return out;
    }

    it('reads what was written, whatever the bytes were split at', () => {
      fc.assert(
        fc.property(
          fc.array(source, { maxLength: 6 }),
          fc.infiniteStream(fc.constantFrom(...lineBreaks)),
          fc.boolean(),
          fc.array(fc.nat(), { maxLength: 12 }),
          (events, breaks, bom, rawCuts) => {
            const text = (bom ? '\uFEFF' : '') + serialize(events, () => breaks.next().value as string);
            const bytes = new TextEncoder().encode(text);
            const pieces = splitBytes(bytes, rawCuts.map((c) => c % (bytes.length + 1)));
            // As the kit reads a body: one streaming decoder (which eats a leading BOM itself)...
            const decoder = new TextDecoder();
            const decoded = [...pieces.map((b) => decoder.decode(b, { stream: true })), decoder.decode()];
            expect(decoded.join('')).toBe(bom ? text.slice(1) : text);
            // ...and one that passes the BOM on, for the parser to strip.
            const raw = new TextDecoder('utf-8', { ignoreBOM: true });
            const rawDecoded = [...pieces.map((b) => raw.decode(b, { stream: true })), raw.decode()];
            expect(rawDecoded.join('')).toBe(text);

            const expected = model(events);
            expect(parse([text])).toEqual(expected);
            expect(parse(decoded)).toEqual(expected);
            expect(parse(rawDecoded)).toEqual(expected);
          },
        ),
        { numRuns: 200 },
      );
    });
  });
});

function splitBytes(bytes: Uint8Array, points: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(points)].sort((a, b) => a - b);
  return [0, ...cuts].map((from, i) => bytes.subarray(from, cuts[i] ?? bytes.length));
}
