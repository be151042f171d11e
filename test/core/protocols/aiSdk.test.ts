import fc from 'fast-check';
import { aiSdk, foldChunks, type StreamChunk } from 'react-streaming-chat/core';
import { aiSdkTranscripts } from '../../fixtures/transcripts/aiSdk';
import { decode } from '../../fixtures/transcripts/decode';
import { sse } from '../../fixtures/transcripts/transcript';
import { checkTranscripts } from './checkTranscripts';

describe('aiSdk()', () => {
  checkTranscripts(aiSdk, aiSdkTranscripts);
});

// A random UI message stream: text and reasoning by a few ids, interleaved with tool, source and data chunks.
const id = fc.constantFrom('a', 'b', 'c');
const delta = fc.string({ maxLength: 4 });
const chunkArbitrary: fc.Arbitrary<StreamChunk> = fc.oneof(
  id.map((id) => ({ type: 'text-start', id }) as const),
  fc.record({ type: fc.constant('text-delta' as const), id, delta }),
  fc.record({ type: fc.constant('text-delta' as const), id, delta }),
  id.map((id) => ({ type: 'text-end', id }) as const),
  id.map((id) => ({ type: 'reasoning-start', id }) as const),
  fc.record({ type: fc.constant('reasoning-delta' as const), id, delta }),
  id.map((id) => ({ type: 'tool-input-start', toolCallId: id, toolName: 'tool' }) as const),
  fc.record({ type: fc.constant('tool-input-delta' as const), toolCallId: id, inputTextDelta: delta }),
  id.map((id) => ({ type: 'source-url', sourceId: id, url: `https://example.com/${id}` }) as const),
  fc.record({ type: fc.constant('data-x' as const), id, data: fc.nat() }),
);

describe('aiSdk() text fast path', () => {
  it('folds to the same parts as the chunks as sent, one to one, whatever their order', () => {
    fc.assert(
      fc.property(fc.array(chunkArbitrary, { maxLength: 30 }), (chunks) => {
        const wire = chunks.map((chunk) => sse(chunk)).join('') + sse('[DONE]');
        const decoded = decode(aiSdk(), wire);
        expect(decoded.end).toEqual({ status: 'done' });
        expect(decoded.parts).toEqual(foldChunks([], chunks));
      }),
      { numRuns: 500 },
    );
  });

  it('takes the token path for the deltas of the text part being written', () => {
    const { chunks } = decode(aiSdk(), aiSdkTranscripts.reasoningTextToolsAndData.wire);
    // `text-start` made each part the last one, so every delta is a plain token.
    expect(chunks.filter((chunk) => chunk.type === 'text-delta')).toEqual([
      { type: 'text-delta', delta: 'Let me ' },
      { type: 'text-delta', delta: 'check — ✓.' },
      { type: 'text-delta', delta: 'It is 21 °C in Oslo 🙂.' },
    ]);
  });
});
