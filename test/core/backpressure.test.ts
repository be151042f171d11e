// @vitest-environment node
import { ChatController, openaiChat } from 'react-streaming-chat/core';
import { encodeStream, tokenize } from 'react-streaming-chat/msw';
import { listen, plateau, producer, type Loopback } from '../support/loopback';
import { streamThrough } from '../support/engine';
import { manualScheduler } from '../support/streams';

describe('backpressure in the engine', () => {
  it('with a stalled renderer, reads at most bufferSize tokens plus one chunk, then completes exactly', async () => {
    const tokensPerChunk = 7;
    const chunks = Array.from({ length: 200 }, (_, c) =>
      Array.from({ length: tokensPerChunk }, (_, t) => `data: ${c}.${t} \n\n`).join(''),
    );
    const expected = Array.from({ length: 200 * tokensPerChunk }, (_, i) => `${Math.floor(i / tokensPerChunk)}.${i % tokensPerChunk} `).join('');
    const scheduler = manualScheduler();
    const { chat, done, source } = streamThrough(chunks, {
      protocol: 'sse',
      contentType: 'text/event-stream',
      bufferSize: 50,
      scheduler,
    });

    // Let the read loop run as far as it can without a single frame.
    await vi.waitFor(() => expect(chat.getSnapshot().status).toBe('streaming'));
    await plateau(() => source.pulled, { stableMs: 100 });
    const read = source.pulled * tokensPerChunk;
    expect(read).toBeGreaterThanOrEqual(50);
    expect(read).toBeLessThanOrEqual(50 + tokensPerChunk);
    expect(chat.getSnapshot().messages.at(-1)?.content).toBe('');

    // Frames resume: the stream completes with exact content.
    const ticker = setInterval(() => scheduler.flush(), 1);
    const message = await done;
    clearInterval(ticker);
    expect(message).toMatchObject({ status: 'done', content: expected });
    const { stats } = chat.getSnapshot();
    expect(stats.bufferHighWater).toBeLessThanOrEqual(50 + tokensPerChunk);
    expect(stats.backpressureWaits).toBeGreaterThan(0);
    expect(stats.tokensReceived).toBe(1400);
  });

  it('never drops a token: one chunk holding 10,000 tokens overflows the buffer and is kept whole', async () => {
    const tokens = Array.from({ length: 10_000 }, (_, i) => `t${i} `);
    const { done, chat } = streamThrough([encodeStream('sse', tokens)], {
      protocol: 'sse',
      contentType: 'text/event-stream',
      bufferSize: 10,
    });
    expect(await done).toMatchObject({ status: 'done', content: tokens.join('') });
    expect(chat.getSnapshot().stats.bufferHighWater).toBe(10_000);
  });
});

describe('backpressure over a real socket', () => {
  let server: Loopback | undefined;
  afterEach(() => server?.close());

  it('a client that renders nothing pauses the server long before it has written the reply', async () => {
    // ~48 MB of reply: far more than loopback's socket buffers.
    const frame = `data: ${'x'.repeat(1000)}\n\n`;
    const frames = 48_000;
    const { handler, probe } = producer(function* () {
      for (let i = 0; i < frames; i++) yield frame;
      yield 'event: done\ndata:\n\n';
    });
    server = await listen(handler);
    const scheduler = manualScheduler();
    const chat = new ChatController({ api: `${server.url}/chat`, protocol: 'sse', bufferSize: 50, scheduler });
    const done = chat.send('go');

    const written = await plateau(() => probe.bytesWritten, { stableMs: 400 });
    const total = frames * frame.length;
    expect(probe.drainWaits).toBeGreaterThan(0);
    expect(probe.finished).toBe(false);
    expect(written).toBeLessThan(total / 4);
    // The client itself holds no more than the buffer plus one network chunk.
    expect(chat.getSnapshot().stats.tokensReceived).toBeLessThan(50 + 70);

    // Rendering resumes: the stream completes with every byte in place.
    const ticker = setInterval(() => scheduler.flush(), 0);
    const message = await done;
    clearInterval(ticker);
    expect(message.status).toBe('done');
    expect(message.content.length).toBe(frames * 1000);
    expect(probe.finished).toBe(true);
    console.info(`paused at ${(written / 1e6).toFixed(1)} MB of ${(total / 1e6).toFixed(1)} MB`);
  }, 60_000);

  it('tokens are rendered as they come with a live renderer', async () => {
    const tokens = tokenize('The quick brown fox jumps over the lazy dog. '.repeat(20));
    const { handler } = producer(() => [encodeStream('openai', tokens)]);
    server = await listen(handler);
    const chat = new ChatController({ api: `${server.url}/v1/chat/completions`, protocol: openaiChat() });
    expect(await chat.send('go')).toMatchObject({ status: 'done', content: tokens.join('') });
  });
});
