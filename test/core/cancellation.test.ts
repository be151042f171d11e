// @vitest-environment node
import { ChatController, type AbortReason } from 'react-streaming-chat/core';
import { listen, producer, type Loopback } from '../support/loopback';
import { streamThrough } from '../support/engine';
import { chunkSource, fakeFetch, immediateScheduler } from '../support/streams';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => process.off('unhandledRejection', onUnhandled));
afterEach(async () => {
  // Give any stray rejection a turn to surface before asserting none did.
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(unhandled).toEqual([]);
});

function hangingChat(onCancel = vi.fn<(reason: AbortReason) => void>()) {
  const { fetch, calls } = fakeFetch(() => new Promise<Response>(() => {}));
  const chat = new ChatController({ api: '/chat', fetch, scheduler: immediateScheduler, onCancel });
  return { chat, calls, onCancel };
}

describe('cancel', () => {
  it('during connect: cancelled at once, no error; the fetch is aborted once its headers had a second to come', async () => {
    const { chat, calls, onCancel } = hangingChat();
    const done = chat.send('hi');
    expect(chat.getSnapshot().status).toBe('connecting');
    chat.cancel();
    const message = await done;
    // It waits for the headers, which may name a resumable stream to stop, then gives up.
    expect(calls[0]!.init.signal!.aborted).toBe(false);
    await vi.waitFor(() => expect(calls[0]!.init.signal!.aborted).toBe(true), { timeout: 2000 });
    expect(message).toMatchObject({ status: 'cancelled', content: '' });
    expect(chat.getSnapshot()).toMatchObject({ status: 'cancelled', error: undefined, isStreaming: false });
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onCancel.mock.calls[0]![0]).toBe('user');
  });

  it('mid-stream: keeps the partial content, cancels the reader, and is not an error', async () => {
    const onCancel = vi.fn();
    const onError = vi.fn();
    const { chat, done, source } = streamThrough(['Hello', ', wor', 'ld'], { then: 'hang', onCancel, onError });
    await vi.waitFor(() => expect(chat.getSnapshot().messages.at(-1)!.content).toBe('Hello, world'));
    chat.cancel();
    expect(await done).toMatchObject({ status: 'cancelled', content: 'Hello, world' });
    expect(source.cancelled).toBe(true);
    expect(chat.getSnapshot()).toMatchObject({ status: 'cancelled', error: undefined });
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onError).not.toHaveBeenCalled();
  });

  it('keeps tokens that were received but not yet rendered', async () => {
    const scheduler = { schedule: () => () => {} }; // frames never come
    const { chat, done, source } = streamThrough(['a', 'b', 'c'], { then: 'hang', scheduler });
    await vi.waitFor(() => expect(source.drained).toBe(true));
    expect(chat.getSnapshot().messages.at(-1)!.content).toBe('');
    chat.cancel();
    expect(await done).toMatchObject({ status: 'cancelled', content: 'abc' });
  });

  it('after done is a no-op', async () => {
    const onCancel = vi.fn();
    const { chat, done, source } = streamThrough(['all of it'], { onCancel });
    await done;
    const before = chat.getSnapshot();
    chat.cancel();
    expect(chat.getSnapshot()).toBe(before);
    expect(before.status).toBe('done');
    expect(onCancel).not.toHaveBeenCalled();
    expect(source.cancelled).toBe(false);
  });

  it('twice aborts once', async () => {
    const { chat, onCancel } = hangingChat();
    const done = chat.send('hi');
    chat.cancel();
    chat.cancel();
    await done;
    chat.cancel();
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(chat.getSnapshot().status).toBe('cancelled');
  });

  it('a new send supersedes the stream in flight: the first ends cancelled, the second completes', async () => {
    let call = 0;
    const first = chunkSource(['first '], 'hang');
    const { fetch } = fakeFetch(() =>
      call++ === 0 ? new Response(first.stream) : new Response(chunkSource(['second']).stream),
    );
    const onCancel = vi.fn();
    const chat = new ChatController({ api: '/chat', fetch, scheduler: immediateScheduler, onCancel });
    const one = chat.send('one');
    await vi.waitFor(() => expect(chat.getSnapshot().messages.at(-1)!.content).toBe('first '));
    const two = chat.send('two');
    expect(await one).toMatchObject({ status: 'cancelled', content: 'first ' });
    expect(first.cancelled).toBe(true);
    expect(onCancel.mock.calls[0]![0]).toBe('superseded');
    expect(await two).toMatchObject({ status: 'done', content: 'second' });
    expect(chat.getSnapshot().messages.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'one', 'done'],
      ['assistant', 'first ', 'cancelled'],
      ['user', 'two', 'done'],
      ['assistant', 'second', 'done'],
    ]);
    expect(chat.getSnapshot().status).toBe('done');
  });

  it('the idle timeout aborts a silent stream as a timeout error, content kept', async () => {
    const { chat, done, source } = streamThrough(['some ', 'words'], { then: 'hang', idleTimeoutMs: 50 });
    const message = await done;
    expect(message).toMatchObject({ status: 'error', content: 'some words' });
    expect(chat.getSnapshot().error).toMatchObject({ kind: 'timeout' });
    expect(source.cancelled).toBe(true);
  });
});

describe('cancel against a real server', () => {
  let server: Loopback | undefined;
  afterEach(() => server?.close());

  it('the server sees close right after the cancel', async () => {
    const { handler, probe } = producer(
      function* () {
        for (let i = 0; ; i++) yield `data: token ${i}\n\n`;
      },
      { delayMs: 5 },
    );
    server = await listen(handler);
    const chat = new ChatController({ api: `${server.url}/chat`, protocol: 'sse', scheduler: immediateScheduler });
    const done = chat.send('go');
    await vi.waitFor(() => expect(chat.getSnapshot().stats.tokensReceived).toBeGreaterThan(3));
    const cancelledAt = performance.now();
    chat.cancel();
    const closedAt = await probe.closed;
    expect(await done).toMatchObject({ status: 'cancelled' });
    expect(chat.getSnapshot().messages.at(-1)!.content).toMatch(/^token 0token 1token 2token 3/);
    expect(closedAt - cancelledAt).toBeLessThan(1000);
    console.info(`cancel → server close: ${(closedAt - cancelledAt).toFixed(2)} ms`);
  });

  it('cancel during connect reaches a server that is slow to answer', async () => {
    let seen!: () => void;
    const arrived = new Promise<void>((resolve) => (seen = resolve));
    let closed!: () => void;
    const gone = new Promise<void>((resolve) => (closed = resolve));
    server = await listen((req, res) => {
      seen();
      res.on('close', () => closed());
    });
    const chat = new ChatController({ api: `${server.url}/chat` });
    const done = chat.send('go');
    await arrived;
    chat.cancel();
    await gone;
    expect(await done).toMatchObject({ status: 'cancelled', content: '' });
  });
});
