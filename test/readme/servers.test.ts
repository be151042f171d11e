// @vitest-environment node
import { createServer, type ServerResponse } from 'node:http';
import { ChatController, openaiChat, type ChatOptions } from 'react-streaming-chat/core';
import { encodeStream, protocolFrames } from 'react-streaming-chat/msw';
import { createChatServer } from './snippets/nodeServer';
import { POST as nextRoute } from './snippets/nextRoute';
import { POST as proxyRoute } from './snippets/proxyRoute';
import type { Message } from './snippets/model';
import { callRoute, deferred, listenOn, readText } from './support';

// The recipes' model, watched: what it was given, how far it got, and that its `finally` ran.
const model = vi.hoisted(() => ({
  calls: [] as { messages: unknown[]; signal: AbortSignal; yielded: number; closed: Promise<void> }[],
}));

vi.mock('./snippets/model', async (importOriginal) => {
  const original = await importOriginal<typeof import('./snippets/model')>();
  return {
    ...original,
    async *streamAnswer(messages: Message[], signal: AbortSignal) {
      let markClosed!: () => void;
      const call = { messages, signal, yielded: 0, closed: new Promise<void>((resolve) => (markClosed = resolve)) };
      model.calls.push(call);
      try {
        for await (const token of original.streamAnswer(messages, signal)) {
          call.yielded++;
          yield token;
        }
      } finally {
        markClosed();
      }
    },
  };
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  model.calls.length = 0;
  vi.unstubAllEnvs();
});

async function start(server: ReturnType<typeof createServer>) {
  const loopback = await listenOn(server);
  cleanups.push(loopback.close);
  return loopback.url;
}

const words = (count: number) => Array.from({ length: count }, (_, i) => `word${i}`).join(' ');

/** Sends `text` and cancels as soon as `tokens` tokens have arrived; resolves with the final message. */
async function sendThenCancel(options: ChatOptions, text: string, tokens = 1) {
  const arrived = deferred();
  let count = 0;
  const chat = new ChatController({ ...options, onToken: () => ++count === tokens && arrived.resolve() });
  const reply = chat.send(text);
  await arrived.promise;
  chat.cancel();
  return { chat, reply: await reply };
}

describe('README: the node:http server', () => {
  it('streams the answer through the engine, exactly', async () => {
    const url = await start(createChatServer());
    const chat = new ChatController({ api: `${url}/api/chat` });
    const reply = await chat.send('Hello there, streaming world! Ünïcödé too 🎉');
    expect(reply).toMatchObject({ role: 'assistant', status: 'done', content: 'Hello there, streaming world! Ünïcödé too 🎉' });
    expect(chat.getSnapshot()).toMatchObject({ status: 'done', error: undefined });
    expect(model.calls[0]!.messages).toEqual([{ role: 'user', content: 'Hello there, streaming world! Ünïcödé too 🎉' }]);
  });

  it('answers 404 elsewhere, which the client reports as an http error', async () => {
    const url = await start(createChatServer());
    const chat = new ChatController({ api: `${url}/elsewhere` });
    await chat.send('Hi');
    expect(chat.getSnapshot().error).toMatchObject({ kind: 'http', status: 404 });
  });

  it('a cancel on the client aborts the model: its signal aborts and its finally runs', async () => {
    const url = await start(createChatServer());
    const { chat, reply } = await sendThenCancel({ api: `${url}/api/chat` }, words(200));
    expect(reply.status).toBe('cancelled');
    expect(chat.getSnapshot()).toMatchObject({ status: 'cancelled', error: undefined });
    expect(reply.content).toMatch(/^word0 /);

    const [call] = model.calls;
    await call!.closed;
    expect(call!.signal.aborted).toBe(true);
    expect(call!.yielded).toBeLessThan(200);
  });
});

describe('README: the Next.js route handler', () => {
  const options: ChatOptions = { api: '/api/chat', fetch: callRoute(nextRoute) };

  it('POST returns an event stream the engine reads exactly', async () => {
    const response = await nextRoute(
      new Request('http://localhost/api/chat', { method: 'POST', body: JSON.stringify({ messages: [] }) }),
    );
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await response.body!.cancel();

    const chat = new ChatController(options);
    const reply = await chat.send('Streaming from a route handler');
    expect(reply).toMatchObject({ status: 'done', content: 'Streaming from a route handler' });
  });

  it('a cancel on the client aborts the model: its signal aborts and its finally runs', async () => {
    const { reply } = await sendThenCancel(options, words(200));
    expect(reply.status).toBe('cancelled');
    const [call] = model.calls;
    await call!.closed;
    expect(call!.signal.aborted).toBe(true);
    expect(call!.yielded).toBeLessThan(200);
  });
});

describe('README: the OpenAI proxy route', () => {
  /** A local stand-in for api.openai.com; `respond` writes the reply. */
  async function fakeOpenAI(respond: (res: ServerResponse) => void) {
    const seen: { method?: string; url?: string; authorization?: string; body?: unknown }[] = [];
    const closedEarly = deferred();
    const url = await start(
      createServer(async (req, res) => {
        const body = JSON.parse(await readText(req));
        seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
        res.on('close', () => res.writableFinished || closedEarly.resolve());
        respond(res);
      }),
    );
    vi.stubEnv('OPENAI_BASE_URL', `${url}/v1`);
    vi.stubEnv('OPENAI_API_KEY', 'sk-test');
    return { seen, closedEarly: closedEarly.promise };
  }

  const options: ChatOptions = { api: '/api/chat', protocol: openaiChat(), fetch: callRoute(proxyRoute) };
  const tokens = ['Hello', ' from', ' the', ' provider', '. ', 'Ünïcödé 🎉'];

  it('forwards the provider stream as it is; the engine decodes it with protocol openai', async () => {
    const provider = await fakeOpenAI((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(encodeStream('openai', tokens));
    });
    const chat = new ChatController(options);
    const reply = await chat.send('Hi');
    expect(reply).toMatchObject({ status: 'done', content: tokens.join('') });
    expect(provider.seen).toEqual([
      {
        method: 'POST',
        url: '/v1/chat/completions',
        authorization: 'Bearer sk-test',
        body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true },
      },
    ]);
  });

  it('a cancel on the client aborts the upstream request: the provider sees the connection close', async () => {
    const provider = await fakeOpenAI((res) => {
      const { open, token } = protocolFrames.openai;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // Two tokens, then the model "thinks" until the request goes away.
      res.write(open + token('Partial') + token(' answer'));
    });
    const { chat, reply } = await sendThenCancel(options, 'Hi', 2);
    await provider.closedEarly;
    expect(reply).toMatchObject({ status: 'cancelled', content: 'Partial answer' });
    expect(chat.getSnapshot().error).toBeUndefined();
  });

  it('a provider error reaches the client as an http error with its status and body', async () => {
    await fakeOpenAI((res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } }));
    });
    const chat = new ChatController(options);
    const reply = await chat.send('Hi');
    expect(reply.status).toBe('error');
    const { error } = chat.getSnapshot();
    expect(error).toMatchObject({ kind: 'http', status: 401 });
    expect(error!.body).toContain('Incorrect API key provided');
  });

  it('a provider stream cut before data: [DONE] is a network error, the partial answer kept', async () => {
    await fakeOpenAI((res) => {
      const { open, token } = protocolFrames.openai;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(open + token('Cut') + token(' short'));
    });
    const chat = new ChatController(options);
    const reply = await chat.send('Hi');
    expect(reply).toMatchObject({ status: 'error', content: 'Cut short' });
    expect(chat.getSnapshot().error).toMatchObject({ kind: 'network' });
  });
});
