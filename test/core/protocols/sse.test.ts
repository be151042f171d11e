import { resolveProtocol, type DecoderSink, type StreamChunk } from 'react-streaming-chat/core';
import { decode } from '../../fixtures/transcripts/decode';
import { sseTranscripts } from '../../fixtures/transcripts/sse';
import { checkTranscripts } from './checkTranscripts';

const sse = () => resolveProtocol('sse', 'text/event-stream');

describe("'sse'", () => {
  checkTranscripts(sse, sseTranscripts);

  it('reads nothing after event: done', () => {
    const { chunks, end } = decode(sse(), 'data: a\n\nevent: done\ndata:\n\ndata: late\n\n');
    expect(chunks).toEqual([{ type: 'text-delta', delta: 'a' }]);
    expect(end).toEqual({ status: 'done' });
  });

  it('turns event: cancelled (a resumable stream stopped by the server) into an abort chunk', () => {
    const { chunks } = decode(sse(), 'data: half\n\nevent: cancelled\ndata:\n\n');
    expect(chunks).toEqual([{ type: 'text-delta', delta: 'half' }, { type: 'abort' }]);
  });

  it("reports each event's id after its chunks, and the server's retry", () => {
    const calls: unknown[] = [];
    const sink: DecoderSink = {
      token: (text) => calls.push(text),
      part: (chunk: StreamChunk) => calls.push(chunk.type),
      finish: () => calls.push('finish'),
      fail: (error) => calls.push(error),
      eventId: (id) => calls.push(`id ${id}`),
      retry: (ms) => calls.push(`retry ${ms}`),
    };
    const decoder = sse().createDecoder(sink, { maxLineLength: 1000 });
    decoder.feed(sseTranscripts.reasoningAndText.wire);
    expect(calls).toEqual([
      'retry 1500',
      'reasoning-delta',
      'reasoning-delta',
      'Hello',
      'id 1',
      ', wörld 🌍',
      'id 2',
      'line one\nline two',
      'id 3',
      'finish',
    ]);
  });
});
