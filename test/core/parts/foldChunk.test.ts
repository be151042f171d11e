// @vitest-environment node
import fc from 'fast-check';
import { foldChunk, foldChunks, textOf, type MessagePart, type StreamChunk } from 'react-streaming-chat/core';

const fold = (chunks: (StreamChunk | string)[]) => foldChunks([], chunks);

describe('foldChunk: text and reasoning', () => {
  it('a delta without an id appends to the last part of its type, else starts a part', () => {
    expect(
      fold([
        'Hel',
        { type: 'text-delta', delta: 'lo' },
        { type: 'reasoning-delta', delta: 'think' },
        { type: 'reasoning-delta', delta: 'ing' },
        'more',
      ]),
    ).toEqual([
      { type: 'text', text: 'Hello' },
      { type: 'reasoning', text: 'thinking' },
      { type: 'text', text: 'more' },
    ]);
  });

  it('a delta with an id appends to the part of that id, wherever it is', () => {
    const parts = fold([
      { type: 'text-start', id: 'a' },
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'hmm' },
      { type: 'text-delta', id: 'a', delta: 'first' },
      { type: 'text-delta', id: 'b', delta: 'second' },
      { type: 'text-delta', id: 'a', delta: ' more' },
      { type: 'text-end', id: 'a' },
    ]);
    expect(parts).toEqual([
      { type: 'text', text: 'first more', id: 'a' },
      { type: 'reasoning', text: 'hmm', id: 'r' },
      { type: 'text', text: 'second', id: 'b' },
    ]);
    expect(textOf(parts)).toBe('first moresecond');
  });

  it('content is the text parts only, never reasoning', () => {
    expect(textOf(fold(['a', { type: 'reasoning-delta', delta: 'x' }, 'b']))).toBe('ab');
  });

  it('empty deltas and unknown chunks change nothing, not even the array', () => {
    const parts = fold(['x']);
    expect(foldChunk(parts, { type: 'text-delta', delta: '' })).toBe(parts);
    expect(foldChunk(parts, { type: 'finish-step' } as never)).toBe(parts);
    expect(foldChunk(parts, { type: 'text-end', id: 'nope' })).toBe(parts);
  });
});

describe('foldChunk: tools', () => {
  it('streams input, parses it at completion, then takes the output', () => {
    const chunks: StreamChunk[] = [
      { type: 'tool-input-start', toolCallId: 'c1', toolName: 'weather' },
      { type: 'tool-input-delta', toolCallId: 'c1', inputTextDelta: '{"city":' },
    ];
    const streaming = fold(chunks);
    expect(streaming).toEqual([{ type: 'tool', toolCallId: 'c1', toolName: 'weather', state: 'input-streaming', inputText: '{"city":' }]);
    const done = foldChunks(streaming, [
      { type: 'tool-input-delta', toolCallId: 'c1', inputTextDelta: '"Paris"}' },
      { type: 'tool-input-available', toolCallId: 'c1', toolName: 'weather', input: { city: 'Paris' } },
      { type: 'tool-output-available', toolCallId: 'c1', output: { temp: 21 } },
    ]);
    expect(done).toEqual([
      {
        type: 'tool',
        toolCallId: 'c1',
        toolName: 'weather',
        state: 'output-available',
        inputText: '{"city":"Paris"}',
        input: { city: 'Paris' },
        output: { temp: 21 },
      },
    ]);
  });

  it('an input that did not parse becomes output-error with its text kept', () => {
    const parts = fold([
      { type: 'tool-input-start', toolCallId: 'c', toolName: 't' },
      { type: 'tool-input-delta', toolCallId: 'c', inputTextDelta: '{"a":' },
      { type: 'tool-input-error', toolCallId: 'c', toolName: 't', errorText: 'Invalid JSON' },
    ]);
    expect(parts).toEqual([{ type: 'tool', toolCallId: 'c', toolName: 't', state: 'output-error', inputText: '{"a":', errorText: 'Invalid JSON' }]);
  });

  it('a call complete at once (no start) gets its input as text too; an output error keeps the input', () => {
    const parts = fold([
      { type: 'tool-input-available', toolCallId: 'c', toolName: 'search', input: { q: 'x' } },
      { type: 'tool-output-error', toolCallId: 'c', errorText: 'rate limited' },
    ]);
    expect(parts).toEqual([
      { type: 'tool', toolCallId: 'c', toolName: 'search', state: 'output-error', inputText: '{"q":"x"}', input: { q: 'x' }, errorText: 'rate limited' },
    ]);
  });

  it('two calls interleaved each keep their own input', () => {
    const parts = fold([
      { type: 'tool-input-start', toolCallId: 'a', toolName: 'one' },
      { type: 'tool-input-start', toolCallId: 'b', toolName: 'two' },
      { type: 'tool-input-delta', toolCallId: 'b', inputTextDelta: '{}' },
      { type: 'tool-input-delta', toolCallId: 'a', inputTextDelta: '[1]' },
    ]);
    expect(parts.map((part) => (part.type === 'tool' ? part.inputText : ''))).toEqual(['[1]', '{}']);
  });
});

describe('foldChunk: sources and data', () => {
  it('sources append in order; data with an id replaces, without one appends', () => {
    const parts = fold([
      { type: 'source-url', sourceId: 's1', url: 'https://a.example', title: 'A' },
      { type: 'data-weather', id: 'w', data: { status: 'loading' } },
      { type: 'data-weather', id: 'w', data: { status: 'done' } },
      { type: 'data-log', data: 1 },
      { type: 'data-log', data: 2 },
    ]);
    expect(parts).toEqual([
      { type: 'source', url: 'https://a.example', title: 'A', id: 's1' },
      { type: 'data', name: 'weather', data: { status: 'done' }, id: 'w' },
      { type: 'data', name: 'log', data: 1 },
      { type: 'data', name: 'log', data: 2 },
    ]);
  });
});

// Chunks over a small alphabet of ids, so updates hit existing parts often.
const chunkArb: fc.Arbitrary<StreamChunk | string> = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.record({ type: fc.constant('text-delta' as const), delta: fc.string({ maxLength: 3 }), id: fc.constantFrom('a', 'b') }),
  fc.record({ type: fc.constant('reasoning-delta' as const), delta: fc.string({ maxLength: 3 }) }),
  fc.record({ type: fc.constant('tool-input-start' as const), toolCallId: fc.constantFrom('x', 'y'), toolName: fc.constant('t') }),
  fc.record({ type: fc.constant('tool-input-delta' as const), toolCallId: fc.constantFrom('x', 'y'), inputTextDelta: fc.string({ maxLength: 3 }) }),
  fc.record({ type: fc.constant('tool-output-available' as const), toolCallId: fc.constantFrom('x', 'y'), output: fc.integer() }),
  fc.record({ type: fc.constant('data-d' as const), id: fc.constantFrom('1', '2'), data: fc.integer() }),
);

describe('foldChunks (property)', () => {
  it('folding in batches, however the stream is cut, equals folding chunk by chunk', () => {
    fc.assert(
      fc.property(fc.array(chunkArb, { maxLength: 40 }), fc.array(fc.nat(40)), (chunks, cuts) => {
        const oneByOne = chunks.reduce<MessagePart[]>((parts, chunk) => foldChunks(parts, [chunk]), []);
        let batched: MessagePart[] = [];
        let start = 0;
        for (const cut of [...new Set(cuts)].sort((a, b) => a - b).concat(chunks.length)) {
          batched = foldChunks(batched, chunks.slice(start, Math.max(start, cut)));
          start = Math.max(start, cut);
        }
        expect(batched).toEqual(oneByOne);
      }),
      { numRuns: 300 },
    );
  });

  it('a part that a batch does not touch keeps its identity', () => {
    fc.assert(
      fc.property(fc.array(chunkArb, { maxLength: 30 }), fc.array(chunkArb, { maxLength: 10 }), (before, batch) => {
        const parts = foldChunks([], before);
        const next = foldChunks(parts, batch);
        // Parts keep their places; every one whose content is unchanged is the same object.
        parts.forEach((part, index) => {
          if (JSON.stringify(part) === JSON.stringify(next[index])) expect(next[index]).toBe(part);
        });
        if (JSON.stringify(next) === JSON.stringify(parts)) expect(next).toBe(parts);
      }),
      { numRuns: 300 },
    );
  });
});
