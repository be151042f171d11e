// Every protocol through the whole engine (fetch, read loop, decoder, render buffer, flushes):
// the message ends with exactly the transcript's parts, whatever the network boundaries.
import fc from 'fast-check';
import { aiSdk, anthropic, ndjson, openaiChat, openaiResponses, textOf, type ProtocolOption } from 'react-streaming-chat/core';
import { encodeStream, protocolFrames, wireProtocols } from 'react-streaming-chat/msw';
import { aiSdkTranscripts } from '../../fixtures/transcripts/aiSdk';
import { anthropicTranscripts } from '../../fixtures/transcripts/anthropic';
import { ndjsonTranscripts } from '../../fixtures/transcripts/ndjson';
import { openaiChatTranscripts } from '../../fixtures/transcripts/openaiChat';
import { openaiResponsesTranscripts } from '../../fixtures/transcripts/openaiResponses';
import { sseTranscripts } from '../../fixtures/transcripts/sse';
import type { Transcript } from '../../fixtures/transcripts/transcript';
import { clientProtocol } from '../../support/clientProtocol';
import { streamThrough } from '../../support/engine';
import { splitBytes, utf8 } from '../../support/streams';

const protocols: [string, () => ProtocolOption, Record<string, Transcript>][] = [
  ['sse', () => 'sse', sseTranscripts],
  ['ndjson()', ndjson, ndjsonTranscripts],
  ['openaiChat()', openaiChat, openaiChatTranscripts],
  ['openaiResponses()', openaiResponses, openaiResponsesTranscripts],
  ['anthropic()', anthropic, anthropicTranscripts],
  ['aiSdk()', aiSdk, aiSdkTranscripts],
];

const cases = protocols.flatMap(([name, protocol, transcripts]) =>
  Object.entries(transcripts).map(([transcript, value]) => [`${name} ${transcript}`, protocol, value] as const),
);

describe.each(cases)('%s through the whole engine', (_, protocol, transcript) => {
  it('ends with the transcript’s parts and end, content the text parts, whatever the byte boundaries', async () => {
    const bytes = utf8(transcript.wire);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 20 }), fc.integer({ min: 1, max: 8 }), async (cuts, bufferSize) => {
        const chunks = splitBytes(bytes, cuts.map((cut) => cut % (bytes.length + 1)));
        const { done, chat } = streamThrough(chunks, { protocol: protocol(), contentType: transcript.contentType, bufferSize });
        const message = await done;
        expect(message.parts).toEqual(transcript.parts);
        expect(message.content).toBe(textOf(transcript.parts));
        const { error } = chat.getSnapshot();
        if (transcript.end.status === 'done') {
          expect(message.status).toBe('done');
          expect(error).toBeUndefined();
        } else {
          expect(message.status).toBe('error');
          expect(error).toMatchObject({ kind: transcript.end.kind });
          expect(error!.message).toMatch(transcript.end.message);
        }
      }),
      { numRuns: 15 },
    );
  });
});

describe('terminal events', () => {
  it('stops reading at the terminal event and ignores anything after it', async () => {
    const { done, source } = streamThrough(
      [encodeStream('openai', ['a', 'b']), 'data: {"choices":[{"delta":{"content":"late"}}]}\n\n', 'more'],
      { protocol: openaiChat(), contentType: 'text/event-stream' },
    );
    expect(await done).toMatchObject({ content: 'ab', status: 'done' });
    expect(source.cancelled).toBe(true);
    expect(source.pulled).toBe(1);
  });
});

describe("'auto'", () => {
  it.each([
    ['text/event-stream', 'data: x\n\nevent: done\ndata:\n\n', 'x'],
    ['text/event-stream; charset=utf-8', 'data: y\n\n', 'y'],
    ['text/plain; charset=utf-8', 'data: raw', 'data: raw'],
    ['application/octet-stream', 'bytes', 'bytes'],
  ])('reads %s', async (contentType, body, content) => {
    const { done } = streamThrough([body], { contentType });
    expect(await done).toMatchObject({ content, status: 'done' });
  });

  it.each(['application/x-ndjson', 'application/jsonl'])('refuses %s with an error naming ndjson(), showing nothing', async (contentType) => {
    const { done, chat } = streamThrough(['{"content":"z"}\n'], { contentType });
    expect(await done).toMatchObject({ content: '', parts: [], status: 'error' });
    const { error } = chat.getSnapshot();
    expect(error).toMatchObject({ kind: 'protocol' });
    expect(error!.message).toContain('protocol: ndjson()');
  });
});

// SSE cannot carry a CR inside a value, and an empty token has nothing to carry.
const token = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).map((text) => text.replace(/\r/g, ' '));

describe.each(wireProtocols)('the mock server’s %s wire, read with its protocol', (wire) => {
  it('the final content is exactly the joined tokens, whatever the byte boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(token, { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.integer({ min: 1, max: 64 }),
        async (tokens, cuts, bufferSize) => {
          const bytes = utf8(encodeStream(wire, tokens));
          if (bytes.length === 0) return;
          const chunks = splitBytes(bytes, cuts.map((cut) => cut % (bytes.length + 1)));
          const { done, chat } = streamThrough(chunks, {
            protocol: clientProtocol(wire),
            contentType: protocolFrames[wire].contentType,
            bufferSize,
          });
          const message = await done;
          expect(chat.getSnapshot().error).toBeUndefined();
          expect(message).toMatchObject({ status: 'done', content: tokens.join('') });
        },
      ),
      { numRuns: 40 },
    );
  });
});
