// @vitest-environment node
// Every client-side end of a resumable reply stops its producer (a keepalive DELETE), a Stop
// from elsewhere ends the reply `cancelled`, and chat.resume re-attaches after a reload.
import { aiSdk, ChatController, type ChatMessage, type InitialMessage } from 'react-streaming-chat/core';
import {
  client,
  endlessSource,
  resumableServer,
  tokenSource,
  until,
  words,
  type Model,
  type ResumableServer,
} from './harness';

let server: ResumableServer;
let api: string;
beforeEach(async () => {
  server = await resumableServer();
  api = `${server.url}/chat`;
});
afterEach(async () => {
  await server.close();
});

/** Resolves when the producer's signal aborts (its model was stopped). */
const stopped = (model: Model | undefined) =>
  new Promise<void>((resolve) => {
    const signal = model!.signal!;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });

/** A chat streaming an endless reply, once `count` tokens are on screen. */
async function streaming(options: Parameters<typeof client>[1] = {}) {
  server.reply(endlessSource(words(3), 10));
  const recorded = client(api, options);
  const done = recorded.chat.send('hello');
  await until(recorded.chat, (s) => s.messages.at(-1)!.content.includes('more2 '), 'three more tokens');
  const streamId = recorded.chat.getSnapshot().messages.at(-1)!.streamId!;
  expect(streamId).toMatch(/^[0-9a-f-]{36}$/);
  return { ...recorded, done, streamId, model: server.models.at(-1)! };
}

describe('client-side ends stop the producer', () => {
  it('cancel(): a keepalive DELETE reaches the server, the model is aborted, status cancelled', async () => {
    let reason: string | undefined;
    const { chat, calls, done, streamId, model } = await streaming({ onCancel: (r) => (reason = r) });
    chat.cancel();
    const reply = await done;
    expect(reply.status).toBe('cancelled');
    expect(chat.getSnapshot()).toMatchObject({ status: 'cancelled', error: undefined });
    expect(reason).toBe('user');
    expect(reply.content).toContain('more2 ');

    await server.received('DELETE', `/chat/${streamId}`);
    await stopped(model);
    expect(calls.filter((call) => call.method === 'DELETE')).toEqual([
      { method: 'DELETE', url: `${api}/${streamId}`, keepalive: true, lastEventId: null },
    ]);
  });

  it('a cancel before the headers: the DELETE goes as soon as the id is known', async () => {
    server.reply(endlessSource(words(3), 10));
    let open!: () => void;
    server.holdPosts(new Promise<void>((resolve) => (open = resolve)));
    const { chat, calls } = client(api);
    const done = chat.send('hello');
    await server.received('POST');
    chat.cancel();
    const reply = await done;
    expect(reply.status).toBe('cancelled');
    expect(calls.map((call) => call.method)).toEqual(['POST']);

    // The server answers now: the held fetch learns the id and stops the stream.
    open();
    const deleted = await server.received('DELETE');
    const model = server.models[0]!;
    expect(deleted.path).toBe(`/chat/${model.streamId}`);
    await stopped(model);
    expect(calls.filter((call) => call.method === 'DELETE')).toHaveLength(1);
    expect(chat.getSnapshot().messages.at(-1)!.status).toBe('cancelled');
  });

  it("a Stop from elsewhere, format 'ui' ({type:'abort'} chunk): cancelled, reason stopped", async () => {
    server.reply(endlessSource(words(3), 10), 'ui');
    let reason: string | undefined;
    const { chat, calls, statuses } = client(api, { protocol: aiSdk(), onCancel: (r) => (reason = r) });
    const done = chat.send('hello');
    await until(chat, (s) => s.messages.at(-1)!.content.includes('more1 '), 'live tokens');
    await server.stop(chat.getSnapshot().messages.at(-1)!.streamId!);
    const reply = await done;
    expect(reply.status).toBe('cancelled');
    expect(reason).toBe('stopped');
    expect(statuses).toEqual(['connecting', 'streaming', 'cancelled']);
    expect(calls.map((call) => call.method)).toEqual(['POST']);
  });

  it('a Stop from elsewhere (stop(id) by another client): this reply ends cancelled, reason stopped', async () => {
    let reason: string | undefined;
    const { chat, calls, done, streamId, statuses } = await streaming({ onCancel: (r) => (reason = r) });
    await server.stop(streamId);
    const reply = await done;
    expect(reply.status).toBe('cancelled');
    expect(reason).toBe('stopped');
    expect(chat.getSnapshot().error).toBeUndefined();
    expect(statuses).toEqual(['connecting', 'streaming', 'cancelled']);
    // The client did not stop it, so it sends no DELETE of its own.
    expect(calls.map((call) => call.method)).toEqual(['POST']);
  });

  it.each([
    ['a superseding send()', (chat: ChatController) => void chat.send('again')],
    ['retry()', (chat: ChatController) => void chat.retry()],
    ['reset()', (chat: ChatController) => chat.reset()],
  ])('%s sends the DELETE and aborts the model', async (_, end) => {
    const { chat, calls, done, streamId, model } = await streaming();
    end(chat);
    expect((await done).status).toBe('cancelled');
    await server.received('DELETE', `/chat/${streamId}`);
    await stopped(model);
    expect(calls.filter((call) => call.method === 'DELETE')).toMatchObject([{ url: `${api}/${streamId}`, keepalive: true }]);
    chat.cancel();
  });

  it("unmount with onUnmount: 'detach' only drops the connection: no DELETE, the stream stays resumable", async () => {
    const { chat, calls, done, streamId, model } = await streaming({ onUnmount: 'detach' });
    chat.cancel('unmount');
    expect((await done).status).toBe('cancelled');
    expect(calls.map((call) => call.method)).toEqual(['POST']);
    expect(model.signal!.aborted).toBe(false);
    const again = client(api);
    const resumed = again.chat.resume(streamId);
    // A token the model had not yet produced when the first page left: the resume is live.
    const later = `more${model.yielded} `;
    await until(again.chat, (s) => s.messages.at(-1)?.content.includes(later) ?? false, 'the live tokens');
    again.chat.cancel();
    expect((await resumed)!.status).toBe('cancelled');
    await stopped(model);
  });

  it("onUnmount: 'detach' before the headers: the held fetch does not stop the stream either", async () => {
    server.reply(endlessSource(words(3), 10));
    let open!: () => void;
    server.holdPosts(new Promise<void>((resolve) => (open = resolve)));
    const { chat, calls } = client(api, { onUnmount: 'detach' });
    const done = chat.send('hello');
    await server.received('POST');
    chat.cancel('unmount');
    expect((await done).status).toBe('cancelled');
    open();
    // The response reaches the held fetch, which closes it (a DELETE would be sent before that).
    const model = await server.model(0);
    await model.closed;
    expect(calls.map((call) => call.method)).toEqual(['POST']);
    expect(model.signal!.aborted).toBe(false);
    await server.stop(model.streamId!);
  });

  it("unmount with the default onUnmount ('stop') sends the DELETE", async () => {
    const { chat, calls, done, streamId, model } = await streaming();
    chat.cancel('unmount');
    expect((await done).status).toBe('cancelled');
    await server.received('DELETE', `/chat/${streamId}`);
    await stopped(model);
    expect(calls.map((call) => call.method)).toEqual(['POST', 'DELETE']);
  });
});

describe('cancel while waiting to reconnect', () => {
  it('a cancel between a drop and its reconnect: the DELETE, no GET, status cancelled', async () => {
    await server.close();
    // A long retry: the client is still waiting when it cancels.
    server = await resumableServer({ retryMs: 60_000 });
    api = `${server.url}/chat`;
    const { cuttingProxy } = await import('./harness');
    const proxy = await cuttingProxy(server.url);
    try {
      server.reply(endlessSource(words(3), 10));
      const cut = proxy.cutAt('data: more3 ', 3);
      const { chat, calls, statuses } = client(`${proxy.url}/chat`);
      const done = chat.send('hello');
      await cut.done;
      await until(chat, (s) => s.stats.reconnects === 1, 'the drop noticed');
      expect(chat.getSnapshot().status).toBe('streaming');
      // While waiting, the stats count the dropped session once.
      expect(chat.getSnapshot().stats.tokensReceived).toBe(6);
      chat.cancel();
      const reply = await done;
      expect(reply.status).toBe('cancelled');
      expect(reply.content).toBe(`${words(3).join('')}more0 more1 more2 `);
      expect(statuses).toEqual(['connecting', 'streaming', 'cancelled']);
      expect(chat.getSnapshot().stats).toMatchObject({ tokensReceived: 6, reconnects: 1 });
      await server.received('DELETE');
      await stopped(server.models[0]);
      expect(calls.map((call) => call.method)).toEqual(['POST', 'DELETE']);
    } finally {
      await proxy.close();
    }
  });
});

describe('chat.resume after a reload', () => {
  /** A reply streaming at the server, read by nobody (the page that started it is gone). */
  async function orphan(tokens: string[], everyMs: number) {
    server.reply(tokenSource(tokens, everyMs));
    const first = client(api, { onUnmount: 'detach' });
    const done = first.chat.send('hello');
    await until(first.chat, (s) => s.messages.at(-1)!.content.includes('t5 '), 'the first tokens');
    // The page goes away without stopping the stream.
    first.chat.cancel('unmount');
    await done;
    return first.chat.getSnapshot().messages;
  }

  it('a new controller with the persisted partial message: the message is replaced, never duplicated', async () => {
    const tokens = words(60);
    const persisted = await orphan(tokens, 5);
    const partial = persisted.at(-1)!;
    expect(partial).toMatchObject({ role: 'assistant', status: 'cancelled' });
    const streamId = partial.streamId!;

    const initialMessages: InitialMessage[] = persisted.map(({ id, role, content, parts, status, streamId }) => ({
      id, role, content, parts, status, streamId,
    }));
    const { chat, calls, statuses } = client(api, { initialMessages });
    const reply = await chat.resume(streamId);
    expect(reply).toBeDefined();
    const { messages } = chat.getSnapshot();
    expect(messages).toHaveLength(2);
    expect(messages[1]).toBe(reply);
    expect(reply).toMatchObject({ id: partial.id, streamId, status: 'done', content: tokens.join('') });
    expect(chat.getSnapshot().messages[0]).toMatchObject({ role: 'user', content: 'hello' });
    expect(statuses).toEqual(['connecting', 'streaming', 'done']);
    // From the start: one GET with no Last-Event-ID.
    expect(calls).toEqual([{ method: 'GET', url: `${api}/${streamId}`, keepalive: undefined, lastEventId: null }]);
  });

  it("a cut during the resume's GET: it reconnects after the last event, into the same message", async () => {
    const tokens = words(80);
    const persisted = await orphan(tokens, 5);
    const partial = persisted.at(-1)!;
    const { cuttingProxy } = await import('./harness');
    const proxy = await cuttingProxy(server.url);
    try {
      proxy.cutAt('data: t40 ', 3);
      const { chat, calls, statuses } = client(`${proxy.url}/chat`, { initialMessages: persisted });
      const reply = (await chat.resume(partial.streamId!))!;
      expect(proxy.cuts).toBe(1);
      expect(reply).toMatchObject({ id: partial.id, status: 'done', content: tokens.join('') });
      expect(chat.getSnapshot().messages).toHaveLength(2);
      expect(chat.getSnapshot().stats).toMatchObject({ reconnects: 1, tokensReceived: tokens.length });
      expect(statuses).toEqual(['connecting', 'streaming', 'done']);
      expect(calls.map((call) => [call.method, call.lastEventId === null])).toEqual([
        ['GET', true],
        ['GET', false],
      ]);
    } finally {
      await proxy.close();
    }
  });

  it('a conversation whose last message is done and unrelated: a new message is appended', async () => {
    const tokens = words(30);
    const persisted = await orphan(tokens, 2);
    const streamId = persisted.at(-1)!.streamId!;
    const initialMessages: InitialMessage[] = [
      { id: 'u1', role: 'user', content: 'earlier', status: 'done' },
      { id: 'a1', role: 'assistant', content: 'an older answer', status: 'done' },
    ];
    const { chat } = client(api, { initialMessages });
    const reply = (await chat.resume(streamId))!;
    const { messages } = chat.getSnapshot();
    expect(messages.map((message) => message.id)).toEqual(['u1', 'a1', reply.id]);
    expect(messages[1]).toMatchObject({ content: 'an older answer', status: 'done' });
    expect(reply).toMatchObject({ role: 'assistant', streamId, status: 'done', content: tokens.join('') });
  });

  it('an unknown id: 204, resolves undefined and changes nothing', async () => {
    const initialMessages: InitialMessage[] = [{ id: 'a1', role: 'assistant', content: 'partial', status: 'streaming', streamId: 'x' }];
    const { chat, calls, snapshots } = client(api, { initialMessages });
    const before = chat.getSnapshot();
    expect(await chat.resume(crypto.randomUUID())).toBeUndefined();
    expect(chat.getSnapshot()).toBe(before);
    expect(snapshots).toEqual([]);
    expect(calls.map((call) => call.method)).toEqual(['GET']);
  });

  it('resume(id) of the stream this chat is already reading: the same reply goes on, nothing stopped', async () => {
    const { chat, calls, done, streamId, model } = await streaming();
    const resumed = chat.resume(streamId);
    await until(chat, (s) => s.messages.at(-1)!.content.includes('more6 '), 'more tokens');
    expect(model.signal!.aborted).toBe(false);
    expect(chat.getSnapshot().messages).toHaveLength(2);
    chat.cancel();
    expect((await resumed)!.status).toBe('cancelled');
    expect((await done).status).toBe('cancelled');
    expect(calls.map((call) => call.method)).toEqual(['POST', 'DELETE']);
  });

  it('resume twice for the same id (StrictMode runs mount effects twice): one GET, one promise', async () => {
    const persisted = await orphan(words(30), 2);
    const streamId = persisted.at(-1)!.streamId!;
    const { chat, calls } = client(api);
    const first = chat.resume(streamId);
    const second = chat.resume(streamId);
    expect(second).toBe(first);
    const reply = (await first) as ChatMessage;
    expect(reply.content).toBe(words(30).join(''));
    expect(calls.map((call) => call.method)).toEqual(['GET']);
  });
});
