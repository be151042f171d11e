// @vitest-environment node
// Resumable streams against faults on a real loopback connection: a TCP proxy between the
// client and a node:http server (createResumableStreams + memoryStreamStore + sendResponse)
// cuts the connection mid-body, and the reply must still complete exactly (guarantee 1).
import { aiSdk, type ChatMessage } from 'react-streaming-chat/core';
import {
  client,
  cuttingProxy,
  resumableServer,
  tokenSource,
  until,
  words,
  type CuttingProxy,
  type ResumableServer,
} from './harness';

let server: ResumableServer;
let proxy: CuttingProxy;
beforeEach(async () => {
  server = await resumableServer();
  proxy = await cuttingProxy(server.url);
});
afterEach(async () => {
  await proxy.close();
  await server.close();
});

/** The same stream read straight from the server (no proxy, no cut): what the reply must be. */
async function clean(streamId: string, protocol?: ReturnType<typeof aiSdk>) {
  const reader = client(`${server.url}/chat`, protocol ? { protocol } : {});
  const message = await reader.chat.resume(streamId);
  return { message: message!, stats: reader.chat.getSnapshot().stats };
}

const strip = ({ parts, content, status }: ChatMessage) => ({ parts, content, status });

describe('a resumable reply survives cuts on a real connection', () => {
  it('cut once mid-body: reconnects with Last-Event-ID, completes exactly, status stays streaming', async () => {
    const tokens = words(60);
    server.reply(tokenSource(tokens, 2));
    const cut = proxy.cutAt('data: t20 ', 4);
    const { chat, calls, statuses } = client(`${proxy.url}/chat`);
    const reply = await chat.send('hello');
    await cut.done;

    expect(reply.status).toBe('done');
    expect(reply.content).toBe(tokens.join(''));
    expect(statuses).toEqual(['connecting', 'streaming', 'done']);
    const { stats, error } = chat.getSnapshot();
    expect(error).toBeUndefined();
    expect(stats.reconnects).toBe(1);
    expect(stats.tokensReceived).toBe(tokens.length);
    expect(proxy.cuts).toBe(1);

    // One POST, then one GET after the last event fully read before the cut.
    expect(calls.map((call) => call.method)).toEqual(['POST', 'GET']);
    expect(calls[1]!.url).toBe(`${proxy.url}/chat/${reply.streamId}`);
    const resumed = server.requests.find((request) => request.method === 'GET')!;
    expect(resumed.lastEventId).toBe(calls[1]!.lastEventId);
    expect(Number(resumed.lastEventId)).toBeGreaterThan(0);

    const expected = await clean(reply.streamId!);
    expect(strip(reply)).toEqual(strip(expected.message));
    expect(stats.tokensReceived).toBe(expected.stats.tokensReceived);
  });

  it('cut twice: two reconnects, each after the last whole event', async () => {
    const tokens = words(80);
    server.reply(tokenSource(tokens, 2));
    proxy.cutAt('data: t15 ', 3);
    proxy.cutAt('data: t50 ', 7);
    const { chat, calls, statuses } = client(`${proxy.url}/chat`);
    const reply = await chat.send('hello');

    expect(proxy.cuts).toBe(2);
    expect(reply.content).toBe(tokens.join(''));
    expect(statuses).toEqual(['connecting', 'streaming', 'done']);
    expect(chat.getSnapshot().stats.reconnects).toBe(2);
    expect(chat.getSnapshot().stats.tokensReceived).toBe(tokens.length);
    expect(calls.map((call) => call.method)).toEqual(['POST', 'GET', 'GET']);
    const ids = calls.slice(1).map((call) => Number(call.lastEventId));
    expect(ids[1]).toBeGreaterThan(ids[0]!);
    expect(strip(reply)).toEqual(strip((await clean(reply.streamId!)).message));
  });

  it('cut inside a UTF-8 multi-byte sequence: the half character is dropped and the event read again', async () => {
    const tokens = Array.from({ length: 40 }, (_, i) => `w${i}😀é `);
    server.reply(tokenSource(tokens, 2));
    // Two bytes into the four of 😀 in event w12.
    const pattern = Buffer.from('w12😀');
    proxy.cutAt(pattern, 'w12'.length + 2);
    const { chat, statuses } = client(`${proxy.url}/chat`);
    const reply = await chat.send('hello');

    expect(proxy.cuts).toBe(1);
    expect(reply.content).toBe(tokens.join(''));
    expect(reply.content).not.toContain('\uFFFD');
    expect(statuses).toEqual(['connecting', 'streaming', 'done']);
    expect(chat.getSnapshot().stats.reconnects).toBe(1);
    expect(chat.getSnapshot().stats.tokensReceived).toBe(tokens.length);
  });

  it('cut inside an SSE event, between its id: line and its data: line', async () => {
    const tokens = words(50);
    server.reply(tokenSource(tokens, 2));
    // The frame is `id: N\ndata: t30 \n\n`: the cut leaves `id: N\n` without its data.
    proxy.cutAt('\ndata: t30 ', 1);
    const { chat, calls } = client(`${proxy.url}/chat`);
    const reply = await chat.send('hello');

    expect(proxy.cuts).toBe(1);
    expect(reply.content).toBe(tokens.join(''));
    expect(chat.getSnapshot().stats.tokensReceived).toBe(tokens.length);
    // The half-read event's id was not taken: the GET resumes before it.
    const expected = await clean(reply.streamId!);
    expect(strip(reply)).toEqual(strip(expected.message));
    expect(calls[1]!.lastEventId).not.toBeNull();
  });

  it("cut inside a tool call's input (format 'ui', aiSdk()): the tool part is whole, its input parsed", async () => {
    const input = { city: 'Zürich', days: [1, 2, 3], note: 'a long enough input to be cut in its middle' };
    const json = JSON.stringify(input);
    const pieces = json.match(/.{1,6}/g)!;
    const chunks = [
      'Let me check. ',
      { type: 'tool-input-start', toolCallId: 'call-1', toolName: 'weather' },
      ...pieces.map((inputTextDelta) => ({ type: 'tool-input-delta', toolCallId: 'call-1', inputTextDelta })),
      { type: 'tool-input-available', toolCallId: 'call-1', toolName: 'weather', input },
      { type: 'tool-output-available', toolCallId: 'call-1', output: { temperature: 21 } },
      ...words(10, 'after'),
    ];
    server.reply(tokenSource(chunks, 2), 'ui');
    // Inside the JSON of the tool-input-delta that carries the middle piece.
    const middle = pieces[Math.floor(pieces.length / 2)]!;
    const cut = JSON.stringify({ type: 'tool-input-delta', toolCallId: 'call-1', inputTextDelta: middle });
    proxy.cutAt(cut, cut.length - 5);
    const { chat, statuses } = client(`${proxy.url}/chat`, { protocol: aiSdk() });
    const reply = await chat.send('hello');

    expect(proxy.cuts).toBe(1);
    expect(reply.status).toBe('done');
    expect(statuses).toEqual(['connecting', 'streaming', 'done']);
    expect(chat.getSnapshot().stats.reconnects).toBe(1);
    expect(reply.content).toBe(['Let me check. ', ...words(10, 'after')].join(''));
    const tool = reply.parts.find((part) => part.type === 'tool');
    expect(tool).toMatchObject({ state: 'output-available', inputText: json, input, output: { temperature: 21 } });
    const expected = await clean(reply.streamId!, aiSdk());
    expect(strip(reply)).toEqual(strip(expected.message));
    expect(chat.getSnapshot().stats.tokensReceived).toBe(expected.stats.tokensReceived);
  });

  it('a stalled connection (no bytes, not closed): the idle timeout reconnects it', async () => {
    const tokens = words(40);
    server.reply(tokenSource(tokens, 2));
    proxy.cutAt('data: t12 ', 5, 'stall');
    const { chat, statuses } = client(`${proxy.url}/chat`, { idleTimeoutMs: 300 });
    const reply = await chat.send('hello');
    expect(reply.status).toBe('done');
    expect(reply.content).toBe(tokens.join(''));
    expect(statuses).toEqual(['connecting', 'streaming', 'done']);
    expect(chat.getSnapshot().stats.reconnects).toBe(1);
  });

  it("honours the server's retry: before reconnecting", async () => {
    await proxy.close();
    await server.close();
    server = await resumableServer({ retryMs: 400 });
    proxy = await cuttingProxy(server.url);
    server.reply(tokenSource(words(40), 2));
    const cut = proxy.cutAt('data: t10 ', 3);
    let cutAt = 0;
    void cut.done.then(() => (cutAt = performance.now()));
    const { chat } = client(`${proxy.url}/chat`);
    const reply = await chat.send('hello');

    expect(reply.content).toBe(words(40).join(''));
    const resumedAt = (await server.received('GET')).at;
    // The default backoff for a first reconnect is 125–375 ms; the server asked for 400.
    expect(resumedAt - cutAt).toBeGreaterThanOrEqual(390);
    expect(resumedAt - cutAt).toBeLessThan(2000);
  });
});

describe('when reconnecting is off or fails', () => {
  it('`reconnect` counts attempts per drop: three drops, each resumed, with reconnect: 2', async () => {
    const tokens = words(80);
    server.reply(tokenSource(tokens, 2));
    proxy.cutAt('data: t10 ', 3);
    proxy.cutAt('data: t35 ', 3);
    proxy.cutAt('data: t60 ', 3);
    const { chat, calls } = client(`${proxy.url}/chat`, { reconnect: 2 });
    const reply = await chat.send('hello');

    expect(proxy.cuts).toBe(3);
    expect(reply.status).toBe('done');
    expect(reply.content).toBe(tokens.join(''));
    expect(chat.getSnapshot().stats.reconnects).toBe(3);
    expect(calls.map((call) => call.method)).toEqual(['POST', 'GET', 'GET', 'GET']);
  });

  it('reconnect: 0: a drop ends the reply with a network error, the partial kept', async () => {
    server.reply(tokenSource(words(50), 2));
    proxy.cutAt('data: t20 ', 4);
    const { chat, calls } = client(`${proxy.url}/chat`, { reconnect: 0 });
    const reply = await chat.send('hello');

    expect(reply.status).toBe('error');
    expect(chat.getSnapshot().error?.kind).toBe('network');
    expect(reply.content).toBe(words(20).join(''));
    expect(chat.getSnapshot().stats.reconnects).toBe(0);
    expect(calls.map((call) => call.method)).toEqual(['POST']);
  });

  it('reconnects exhausted (the server unreachable): error, the partial kept, `reconnect` attempts made', async () => {
    server.reply(tokenSource(words(50), 2));
    const cut = proxy.cutAt('data: t20 ', 4);
    void cut.done.then(() => (proxy.refuse = true));
    const { chat, calls, statuses } = client(`${proxy.url}/chat`, { reconnect: 2 });
    const reply = await chat.send('hello');

    expect(reply.status).toBe('error');
    expect(chat.getSnapshot().error?.kind).toBe('network');
    expect(reply.content).toBe(words(20).join(''));
    expect(chat.getSnapshot().stats.reconnects).toBe(2);
    expect(calls.map((call) => call.method)).toEqual(['POST', 'GET', 'GET']);
    expect(statuses).toEqual(['connecting', 'streaming', 'error']);
  });
});
