// @vitest-environment node
// Races a user can cause with the mouse: each has one defined outcome.
import { ChatController, type AbortReason, type ChatMessage, type ChatOptions } from 'react-streaming-chat/core';
import { immediateScheduler, manualScheduler } from '../support/streams';
import { DONE, deferred, guardUnhandledRejections, openSSE, serve, shape, sleep, sse, tapFetch, when } from './harness';
import type { Exchange } from './harness';

guardUnhandledRejections();

const encoder = new TextEncoder();

/** A server whose n-th request (0-based) streams `replies[n]` as SSE, a token every `delayMs`, then done. */
async function replies(streams: string[][], delayMs = 0) {
  return serve(async ({ res }: Exchange, index) => {
    openSSE(res);
    for (const token of streams[index] ?? []) {
      if (delayMs) await sleep(delayMs);
      if (res.destroyed) return;
      res.write(sse(token));
    }
    res.end(DONE);
  });
}

const slow = Array.from({ length: 200 }, (_, i) => `s${i} `);

function spies() {
  return {
    onCancel: vi.fn<(reason: AbortReason, message: ChatMessage) => void>(),
    onFinish: vi.fn<(message: ChatMessage) => void>(),
    onError: vi.fn(),
  };
}

/** A body the test pushes chunks into, and the fetch that answers with it (signal ignored, as some do). */
function heldBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    cancel: () => void (cancelled = true),
  });
  const response = deferred<Response>();
  const fetch = (() => response.promise) as typeof globalThis.fetch;
  return {
    fetch,
    respond: () => response.resolve(new Response(stream, { headers: { 'content-type': 'text/plain' } })),
    push: (text: string) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
    get cancelled() {
      return cancelled;
    },
  };
}

describe('cancel before the headers arrive', () => {
  it('over the network: cancelled, empty, not an error; the server sees the disconnect', async () => {
    const server = await serve(() => {});
    const on = spies();
    const chat = new ChatController({ api: `${server.url}/chat`, ...on });
    const result = chat.send('go');
    const { closed } = await server.arrival(1);
    chat.cancel();
    expect(await result).toMatchObject({ status: 'cancelled', content: '' });
    expect(await closed).toBe(true);
    expect(chat.getSnapshot()).toMatchObject({ status: 'cancelled', error: undefined, isStreaming: false });
    expect(on.onCancel).toHaveBeenCalledTimes(1);
    expect(on.onCancel.mock.calls[0]![0]).toBe('user');
    expect(on.onError).not.toHaveBeenCalled();
  });

  it('a response that arrives after the cancel (a fetch that ignores the signal) changes nothing and is cancelled', async () => {
    const body = heldBody();
    const chat = new ChatController({ api: '/chat', fetch: body.fetch, scheduler: immediateScheduler });
    const result = chat.send('go');
    chat.cancel();
    const after = chat.getSnapshot();
    const changes = vi.fn();
    chat.subscribe(changes);
    body.respond();
    body.push('too late');
    await sleep(20);
    expect(changes).not.toHaveBeenCalled();
    expect(chat.getSnapshot()).toBe(after);
    expect(after.status).toBe('cancelled');
    expect(await result).toMatchObject({ status: 'cancelled', content: '' });
    expect(body.cancelled).toBe(true);
  });
});

describe('cancel in the same tick as the last chunk', () => {
  async function streaming() {
    const body = heldBody();
    const scheduler = manualScheduler();
    const on = spies();
    const onToken = vi.fn();
    const chat = new ChatController({ api: '/chat', fetch: body.fetch, protocol: 'text', scheduler, onToken, ...on });
    const result = chat.send('go');
    body.respond();
    body.push('first ');
    await vi.waitFor(() => expect(onToken).toHaveBeenCalledTimes(1));
    return { body, scheduler, chat, result, on, onToken };
  }

  it('before the engine has read it: cancel wins; the unread chunk is not shown and the reply is not done', async () => {
    const { body, chat, result, on } = await streaming();
    body.push('last');
    body.close();
    chat.cancel();
    expect(await result).toMatchObject({ status: 'cancelled', content: 'first ' });
    expect(chat.getSnapshot().status).toBe('cancelled');
    expect(on.onFinish).not.toHaveBeenCalled();
    expect(on.onCancel).toHaveBeenCalledTimes(1);
  });

  it('read but not yet rendered, the end not yet seen: cancel keeps it (the frame is flushed), still cancelled', async () => {
    const { body, scheduler, chat, result, on, onToken } = await streaming();
    body.push('last');
    await vi.waitFor(() => expect(onToken).toHaveBeenCalledTimes(2));
    expect(chat.getSnapshot().messages.at(-1)!.content).toBe('');
    expect(scheduler.pending).toBe(1);
    body.close();
    chat.cancel();
    expect(await result).toMatchObject({ status: 'cancelled', content: 'first last' });
    expect(scheduler.pending).toBe(0);
    expect(on.onFinish).not.toHaveBeenCalled();
  });

  it('over the network, when the chunk carrying the last token and the end arrives: cancel wins', async () => {
    // The tap runs in the tick the chunk arrives, just before the engine sees it.
    let chat!: ChatController;
    let sawLast = false;
    const tap = tapFetch(globalThis.fetch, (chunk) => {
      if (new TextDecoder().decode(chunk).includes('last')) {
        sawLast = true;
        chat.cancel();
      }
    });
    const server = await serve(async ({ res }) => {
      openSSE(res);
      res.write(sse('a ', 'b '));
      // A separate chunk: sent only once the engine has read the first.
      await vi.waitFor(() => expect(tap.bytes).toBeGreaterThan(0));
      res.end(sse('last') + DONE);
    });
    const on = spies();
    chat = new ChatController({ api: `${server.url}/chat`, fetch: tap.fetch, scheduler: immediateScheduler, ...on });
    expect(await chat.send('go')).toMatchObject({ status: 'cancelled', content: 'a b ' });
    expect(sawLast).toBe(true);
    expect(on.onFinish).not.toHaveBeenCalled();
  });

  it('cancel() right after the end (from onFinish) is a no-op: the reply stays done', async () => {
    let chat!: ChatController;
    const on = spies();
    on.onFinish.mockImplementation(() => chat.cancel());
    const server = await replies([['all ', 'of it']]);
    chat = new ChatController({ api: `${server.url}/chat`, scheduler: immediateScheduler, ...on });
    expect(await chat.send('go')).toMatchObject({ status: 'done', content: 'all of it' });
    expect(chat.getSnapshot().status).toBe('done');
    expect(on.onFinish).toHaveBeenCalledTimes(1);
    expect(on.onCancel).not.toHaveBeenCalled();
  });
});

describe('send, cancel, send', () => {
  it('in the same tick: the first is cancelled empty, only the second streams', async () => {
    const server = await replies([['one'], ['two']]);
    const on = spies();
    const chat = new ChatController({ api: `${server.url}/chat`, scheduler: immediateScheduler, ...on });
    const first = chat.send('a');
    chat.cancel();
    const second = chat.send('b');
    expect(await first).toMatchObject({ status: 'cancelled', content: '' });
    const reply = await second;
    expect(shape(chat.getSnapshot())).toEqual([
      ['user', 'a', 'done'],
      ['assistant', '', 'cancelled'],
      ['user', 'b', 'done'],
      ['assistant', reply.content, 'done'],
    ]);
    // The first request may or may not have reached the server before its abort; whichever
    // reply the second got, it is whole, and no second reply was streamed.
    expect(['one', 'two']).toContain(reply.content);
    expect(on.onCancel.mock.calls.map(([reason]) => reason)).toEqual(['user']);
    expect(on.onFinish).toHaveBeenCalledTimes(1);
    expect(chat.getSnapshot()).toMatchObject({ status: 'done', error: undefined });
  });

  it('a double-click on send: two exchanges, the first superseded before it began', async () => {
    const server = await replies([['x'], ['y'], ['z']]);
    const on = spies();
    const chat = new ChatController({ api: `${server.url}/chat`, scheduler: immediateScheduler, ...on });
    const [one, two] = [chat.send('hi'), chat.send('hi')];
    expect(await one).toMatchObject({ status: 'cancelled', content: '' });
    expect((await two).status).toBe('done');
    expect(shape(chat.getSnapshot()).map(([role, , status]) => [role, status])).toEqual([
      ['user', 'done'],
      ['assistant', 'cancelled'],
      ['user', 'done'],
      ['assistant', 'done'],
    ]);
    expect(on.onCancel.mock.calls.map(([reason]) => reason)).toEqual(['superseded']);
  });

  it('mid-stream: the partial first reply is kept cancelled, its connection closes, the second completes', async () => {
    const server = await replies([slow, ['fresh ', 'answer']], 10);
    const chat = new ChatController({ api: `${server.url}/chat`, scheduler: immediateScheduler });
    const first = chat.send('a');
    await when(chat, (s) => s.messages.at(-1)!.content.includes('s2 '));
    chat.cancel();
    const second = chat.send('b');
    const cancelled = await first;
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.content).toMatch(/^s0 s1 s2 /);
    expect(slow.join('').startsWith(cancelled.content)).toBe(true);
    expect(await server.exchanges[0]!.closed).toBe(true);
    expect(await second).toMatchObject({ status: 'done', content: 'fresh answer' });
    expect(chat.getSnapshot().messages[1]).toEqual(cancelled);
  });
});

describe('retry during a stream', () => {
  it('aborts the stream in flight (superseded), replaces its partial answer, and streams again', async () => {
    const server = await replies([slow, ['second ', 'try']], 10);
    const on = spies();
    const chat = new ChatController({ api: `${server.url}/chat`, scheduler: immediateScheduler, ...on });
    const first = chat.send('question');
    await when(chat, (s) => s.messages.at(-1)!.content.includes('s1 '));
    const again = chat.retry();
    expect(chat.getSnapshot().status).toBe('connecting');
    const aborted = await first;
    expect(aborted.status).toBe('cancelled');
    expect(aborted.content).toMatch(/^s0 s1 /);
    expect(on.onCancel).toHaveBeenCalledWith('superseded', aborted);
    expect(await server.exchanges[0]!.closed).toBe(true);
    expect(await again).toMatchObject({ status: 'done', content: 'second try' });
    expect(shape(chat.getSnapshot())).toEqual([
      ['user', 'question', 'done'],
      ['assistant', 'second try', 'done'],
    ]);
    expect(JSON.parse(await server.exchanges[1]!.body).messages).toEqual([{ role: 'user', content: 'question' }]);
  });

  it('twice in the same tick: one more request streams, the other never shows', async () => {
    const server = await replies([['first'], ['r1'], ['r2']]);
    const chat = new ChatController({ api: `${server.url}/chat`, scheduler: immediateScheduler });
    await chat.send('q');
    const [one, two] = [chat.retry(), chat.retry()];
    expect(await one).toMatchObject({ status: 'cancelled', content: '' });
    const last = (await two)!;
    expect(last.status).toBe('done');
    // Whether the first retry's request reached the server or not, the reply shown is one whole reply.
    expect(['r1', 'r2']).toContain(last.content);
    expect(shape(chat.getSnapshot())).toEqual([
      ['user', 'q', 'done'],
      ['assistant', last.content, 'done'],
    ]);
  });
});

describe('reset during a stream', () => {
  it('aborts it, clears everything, and nothing that arrives later brings anything back', async () => {
    const server = await replies([slow, ['new']], 10);
    const on = spies();
    const chat = new ChatController({ api: `${server.url}/chat`, scheduler: immediateScheduler, ...on });
    const first = chat.send('old');
    await when(chat, (s) => s.messages.at(-1)!.content.includes('s1 '));
    chat.reset();
    const cleared = chat.getSnapshot();
    expect(cleared).toMatchObject({ status: 'idle', messages: [], error: undefined, isStreaming: false });
    expect(cleared.stats.tokensReceived).toBe(0);
    const aborted = await first;
    expect(aborted.status).toBe('cancelled');
    expect(aborted.content).toMatch(/^s0 s1 /);
    expect(on.onCancel).toHaveBeenCalledWith('superseded', aborted);
    expect(await server.exchanges[0]!.closed).toBe(true);
    // Proving an absence: nothing changes for a while after the reset.
    const changes = vi.fn();
    chat.subscribe(changes);
    await sleep(60);
    expect(changes).not.toHaveBeenCalled();
    expect(chat.getSnapshot()).toBe(cleared);
    // The next conversation starts clean.
    expect(await chat.send('fresh')).toMatchObject({ status: 'done', content: 'new' });
    expect(JSON.parse(await server.exchanges[1]!.body).messages).toEqual([{ role: 'user', content: 'fresh' }]);
  });

  it('during connect: idle at once, and the late response is ignored', async () => {
    const body = heldBody();
    const chat = new ChatController({ api: '/chat', fetch: body.fetch, scheduler: immediateScheduler });
    const result = chat.send('go');
    chat.reset();
    body.respond();
    expect(await result).toMatchObject({ status: 'cancelled', content: '' });
    await sleep(10);
    expect(chat.getSnapshot()).toMatchObject({ status: 'idle', messages: [] });
    expect(body.cancelled).toBe(true);
  });
});

describe('cancel() from inside onToken', () => {
  it('keeps the tokens up to and including that one, reads nothing more, leaves no frame scheduled', async () => {
    const scheduler = manualScheduler();
    let chat!: ChatController;
    const onToken = vi.fn((token: string) => {
      if (token === 's2 ') chat.cancel();
    });
    const server = await replies([slow], 5);
    const tap = tapFetch();
    chat = new ChatController({ api: `${server.url}/chat`, fetch: tap.fetch, protocol: 'sse', scheduler, onToken });
    expect(await chat.send('go')).toMatchObject({ status: 'cancelled', content: 's0 s1 s2 ' });
    expect(onToken).toHaveBeenCalledTimes(3);
    expect(scheduler.pending).toBe(0);
    expect(await server.exchanges[0]!.closed).toBe(true);
    expect(tap.pendingReads).toBe(0);
  });

  it('a later token in the same chunk is dropped, and the terminal event after it does not make it done', async () => {
    let chat!: ChatController;
    const server = await serve(({ res }) => {
      openSSE(res);
      res.end(sse('a', 'b', 'c') + DONE);
    });
    const onFinish = vi.fn();
    const options: ChatOptions = {
      api: `${server.url}/chat`,
      scheduler: immediateScheduler,
      onFinish,
      onToken: (token) => token === 'b' && chat.cancel(),
    };
    chat = new ChatController(options);
    expect(await chat.send('go')).toMatchObject({ status: 'cancelled', content: 'ab' });
    expect(onFinish).not.toHaveBeenCalled();
    expect(chat.getSnapshot().stats.tokensReceived).toBe(2);
  });
});
