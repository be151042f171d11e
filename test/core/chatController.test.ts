// @vitest-environment node
import { ChatController, createFrameScheduler, RenderBuffer } from 'react-streaming-chat/core';
import { streamThrough } from '../support/engine';
import { chunkSource, fakeFetch, immediateScheduler, manualScheduler } from '../support/streams';

// The core must not need React: any import of it would throw here.
vi.mock('react', () => {
  throw new Error('src/core imported React');
});

describe('the request', () => {
  it('is a POST of JSON { messages, ...body } with the headers, the latest options winning', async () => {
    const { fetch, calls } = fakeFetch(() => new Response('ok'));
    const chat = new ChatController({
      api: '/chat',
      fetch,
      body: { model: 'small' },
      headers: { authorization: 'Bearer one' },
      initialMessages: [{ id: 's', role: 'system', content: 'Be brief.', status: 'done' }],
    });
    await chat.send('Hi');
    chat.setOptions({ api: '/v2/chat', fetch, body: { model: 'large' }, headers: { authorization: 'Bearer two' } });
    await chat.send('Again');

    const [first, second] = calls;
    expect(first!.url).toBe('/chat');
    expect(first!.init.method).toBe('POST');
    const headers = new Headers(first!.init.headers);
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('authorization')).toBe('Bearer one');
    expect(JSON.parse(first!.init.body as string)).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      model: 'small',
    });
    expect(second!.url).toBe('/v2/chat');
    expect(new Headers(second!.init.headers).get('authorization')).toBe('Bearer two');
    expect(JSON.parse(second!.init.body as string)).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'Again' },
      ],
      model: 'large',
    });
  });

  it('prepareRequest takes full control: a GET with ?prompt= and no body', async () => {
    const { fetch, calls } = fakeFetch(() => new Response('data: hi\n\n', { headers: { 'content-type': 'text/event-stream' } }));
    const prepareRequest = vi.fn(({ input }: { input: string }) => ({
      url: `/chat/stream?prompt=${encodeURIComponent(input)}`,
      init: { method: 'GET' },
    }));
    const chat = new ChatController({ api: '/unused', fetch, prepareRequest });
    expect(await chat.send('what is 2+2?')).toMatchObject({ content: 'hi', status: 'done' });
    expect(calls[0]!.url).toBe('/chat/stream?prompt=what%20is%202%2B2%3F');
    expect(calls[0]!.init.method).toBe('GET');
    expect(calls[0]!.init.body).toBeUndefined();
    expect(prepareRequest.mock.calls[0]![0]).toMatchObject({
      input: 'what is 2+2?',
      messages: [{ role: 'user', content: 'what is 2+2?' }],
    });
  });

  it('a prepareRequest that throws ends the exchange with an error instead of rejecting', async () => {
    const chat = new ChatController({
      api: '/x',
      fetch: fakeFetch(() => new Response('')).fetch,
      prepareRequest: () => {
        throw new Error('no token');
      },
    });
    expect(await chat.send('hi')).toMatchObject({ status: 'error' });
    expect(chat.getSnapshot().error?.cause).toBeInstanceOf(Error);
  });
});

describe('state', () => {
  it('goes idle → connecting → streaming → done, and the snapshot is stable while nothing changes', async () => {
    const scheduler = manualScheduler();
    const { chat, done, source } = streamThrough(['a', 'b'], { scheduler, then: 'hang' });
    const seen: string[] = [];
    chat.subscribe(() => seen.push(chat.getSnapshot().status));
    expect(chat.getSnapshot().status).toBe('connecting');
    expect(chat.getSnapshot()).toBe(chat.getSnapshot());
    await vi.waitFor(() => expect(source.drained).toBe(true));
    const before = chat.getSnapshot();
    const [user, reply] = before.messages;
    scheduler.flush();
    const after = chat.getSnapshot();
    expect(after).not.toBe(before);
    expect(after.messages[0]).toBe(user);
    expect(after.messages[1]).not.toBe(reply);
    expect(after.messages[1]!.content).toBe('ab');
    chat.cancel();
    await done;
    expect(seen).toEqual(['streaming', 'streaming', 'cancelled']);
  });

  it('calls onToken per token, then onFinish with the final message', async () => {
    const onToken = vi.fn();
    const onFinish = vi.fn();
    const { done } = streamThrough(['data: a\n\ndata: b\n\n'], { contentType: 'text/event-stream', onToken, onFinish });
    const message = await done;
    expect(onToken.mock.calls).toEqual([['a'], ['b']]);
    expect(onFinish).toHaveBeenCalledWith(message);
  });

  it('a throwing callback is reported and the exchange goes on', async () => {
    const report = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bug = new Error('app bug');
    const { done, chat } = streamThrough(['data: a\n\ndata: b\n\n'], {
      contentType: 'text/event-stream',
      onToken: () => {
        throw bug;
      },
      onFinish: () => {
        throw bug;
      },
    });
    expect(await done).toMatchObject({ status: 'done', content: 'ab' });
    expect(chat.getSnapshot().error).toBeUndefined();
    expect(report.mock.calls).toEqual([[bug], [bug], [bug]]);
    report.mockRestore();
  });

  it('cancel() from inside onToken keeps that token and stops there', async () => {
    let chat!: ChatController;
    const onToken = vi.fn((token: string) => {
      if (token === 'b') chat.cancel();
    });
    const run = streamThrough(['data: a\n\ndata: b\n\ndata: c\n\n'], { contentType: 'text/event-stream', onToken });
    chat = run.chat;
    expect(await run.done).toMatchObject({ status: 'cancelled', content: 'ab' });
    expect(onToken).toHaveBeenCalledTimes(2);
  });

  it('retry re-runs the last user message, replacing the answer after it', async () => {
    let call = 0;
    const { fetch, calls } = fakeFetch(() =>
      call++ === 0 ? new Response('boom', { status: 503 }) : new Response('fine'),
    );
    const chat = new ChatController({ api: '/chat', fetch, scheduler: immediateScheduler });
    await chat.send('question');
    expect(chat.getSnapshot().status).toBe('error');
    expect(await chat.retry()).toMatchObject({ status: 'done', content: 'fine' });
    expect(chat.getSnapshot().messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'question'],
      ['assistant', 'fine'],
    ]);
    expect(JSON.parse(calls[1]!.init.body as string).messages).toEqual([{ role: 'user', content: 'question' }]);
    expect(chat.getSnapshot().error).toBeUndefined();
  });

  it('retry with no user message does nothing', async () => {
    const chat = new ChatController({ api: '/chat', fetch: fakeFetch(() => new Response('x')).fetch });
    expect(await chat.retry()).toBeUndefined();
    expect(chat.getSnapshot().status).toBe('idle');
  });

  it('reset aborts the stream in flight and returns to idle with no messages', async () => {
    const source = chunkSource(['partial'], 'hang');
    const chat = new ChatController({
      api: '/chat',
      fetch: fakeFetch(() => new Response(source.stream)).fetch,
      scheduler: immediateScheduler,
    });
    const done = chat.send('hi');
    await vi.waitFor(() => expect(source.drained).toBe(true));
    chat.reset();
    expect(chat.getSnapshot()).toMatchObject({ status: 'idle', messages: [], error: undefined, isStreaming: false });
    expect(await done).toMatchObject({ status: 'cancelled' });
    expect(source.cancelled).toBe(true);
    expect(chat.getSnapshot()).toMatchObject({ status: 'idle', messages: [] });
  });

  it('stats count bytes, tokens, chunks, flushes and first-token time', async () => {
    const { chat, done } = streamThrough(['data: é\n\n', 'data: b\n\n'], { contentType: 'text/event-stream' });
    await done;
    const { stats } = chat.getSnapshot();
    expect(stats).toMatchObject({ bytesReceived: 19, tokensReceived: 2, chunks: 2, charsRendered: 2 });
    expect(stats.flushes).toBeGreaterThanOrEqual(1);
    expect(stats.timeToFirstByteMs).toBeGreaterThanOrEqual(0);
    expect(stats.timeToFirstTokenMs).toBeGreaterThanOrEqual(stats.timeToFirstByteMs!);
  });

  it('the idle timeout does not fire while bytes keep coming, nor while we hold back by backpressure', async () => {
    const chunks = Array.from({ length: 8 }, (_, i) => `${i}`);
    let i = 0;
    const slow = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        if (i < chunks.length) controller.enqueue(new TextEncoder().encode(chunks[i++]));
        else controller.close();
      },
    }, { highWaterMark: 0 });
    const scheduler = manualScheduler();
    const chat = new ChatController({
      api: '/chat',
      fetch: fakeFetch(() => new Response(slow)).fetch,
      idleTimeoutMs: 60,
      bufferSize: 1,
      scheduler,
    });
    const done = chat.send('go');
    // Frames stall for well past the idle timeout: that is our backpressure, not the server's silence.
    await vi.waitFor(() => expect(i).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(chat.getSnapshot().status).toBe('streaming');
    const ticker = setInterval(() => scheduler.flush(), 5);
    expect(await done).toMatchObject({ status: 'done', content: '01234567' });
    clearInterval(ticker);
  });
});

describe('render buffer and frame scheduler', () => {
  it('the buffer reports full at capacity and wakes the reader when drained', async () => {
    const buffer = new RenderBuffer(2);
    buffer.push('a');
    expect(buffer.isFull).toBe(false);
    buffer.push('b');
    buffer.push('c');
    expect(buffer.isFull).toBe(true);
    let woke = false;
    const waiting = buffer.waitForSpace().then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    expect(buffer.drain()).toEqual(['a', 'b', 'c']);
    await waiting;
    expect(woke).toBe(true);
    expect(buffer.highWater).toBe(3);
    expect(() => new RenderBuffer(0)).toThrow(RangeError);
  });

  it('with animation frames that never come (a hidden tab), the fallback timer runs the flush, once', async () => {
    const frames: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback));
    vi.stubGlobal('cancelAnimationFrame', () => {});
    try {
      const callback = vi.fn();
      createFrameScheduler({ fallbackMs: 30 }).schedule(callback);
      expect(frames).toHaveLength(1);
      await vi.waitFor(() => expect(callback).toHaveBeenCalledTimes(1));
      // A frame arriving late (the tab shown again) does not run it a second time.
      frames[0]!();
      expect(callback).toHaveBeenCalledTimes(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('the scheduler falls back to a timer without animation frames, and can be cancelled', async () => {
    const scheduler = createFrameScheduler();
    const ran = await new Promise<boolean>((resolve) => scheduler.schedule(() => resolve(true)));
    expect(ran).toBe(true);
    const never = vi.fn();
    scheduler.schedule(never)();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(never).not.toHaveBeenCalled();
  });
});
