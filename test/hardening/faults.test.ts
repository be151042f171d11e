// @vitest-environment node
// Every fault a real network can produce, through the whole engine against a real node:http
// server on 127.0.0.1: each ends in a clear state, with exactly the content that arrived.
import { createServer } from 'node:net';
import { ChatController, StreamError, type ChatOptions } from 'react-streaming-chat/core';
import { protocolFrames } from 'react-streaming-chat/msw';
import { sendEventStream } from 'react-streaming-chat/server';
import { clientProtocol } from '../support/clientProtocol';
import { immediateScheduler } from '../support/streams';
import { DONE, guardUnhandledRejections, openSSE, serve, sse, tapFetch, type Served } from './harness';

guardUnhandledRejections();

const encoder = new TextEncoder();

function chatFor(server: Served, options: Partial<ChatOptions> = {}) {
  return new ChatController({ api: `${server.url}/chat`, scheduler: immediateScheduler, ...options });
}

/** Sends one message and returns the final message, snapshot and error. */
async function exchange(chat: ChatController, text = 'go') {
  const message = await chat.send(text);
  const snapshot = chat.getSnapshot();
  return { message, snapshot, error: snapshot.error };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('the server closes the connection', () => {
  // The bytes are on the wire before the socket goes: `tap.bytes` proves the engine read them all.
  async function dropAfter(bytes: Uint8Array, options: Partial<ChatOptions>) {
    const server = await serve(({ res }) => {
      openSSE(res, { 'content-type': options.protocol === 'text' ? 'text/plain; charset=utf-8' : 'text/event-stream' });
      res.write(bytes);
    });
    const tap = tapFetch();
    const chat = chatFor(server, { fetch: tap.fetch, ...options });
    const result = chat.send('go');
    await vi.waitFor(() => expect(tap.bytes).toBe(bytes.byteLength));
    server.exchanges[0]!.res.socket!.destroy();
    const message = await result;
    return { message, snapshot: chat.getSnapshot(), tap };
  }

  it('mid-event: a network error; the complete events stay, the half event is not shown', async () => {
    const { message, snapshot, tap } = await dropAfter(encoder.encode(`${sse('one ', 'two ')}data: thr`), {
      protocol: 'sse',
    });
    expect(snapshot.status).toBe('error');
    expect(snapshot.error).toBeInstanceOf(StreamError);
    expect(snapshot.error).toMatchObject({ kind: 'network' });
    expect(message).toMatchObject({ role: 'assistant', status: 'error', content: 'one two ' });
    expect(snapshot.messages.at(-1)).toEqual(message);
    expect(tap.pendingReads).toBe(0);
  });

  it('mid-character (SSE): the events before it stay, byte for byte', async () => {
    const bytes = new Uint8Array([...encoder.encode(sse('café ', '日本 ')), ...encoder.encode('data: na'), 0xc3]);
    const { message, snapshot } = await dropAfter(bytes, { protocol: 'sse' });
    expect(snapshot.error).toMatchObject({ kind: 'network' });
    expect(message).toMatchObject({ status: 'error', content: 'café 日本 ' });
    expect(snapshot.stats.bytesReceived).toBe(bytes.byteLength);
  });

  it('mid-character (text): every whole character stays; the cut one is dropped, not turned into U+FFFD', async () => {
    const whole = 'Grüße, 世界 🎉 and ';
    const emoji = encoder.encode('👩');
    const bytes = new Uint8Array([...encoder.encode(whole), ...emoji.subarray(0, 3)]);
    const { message, snapshot } = await dropAfter(bytes, { protocol: 'text' });
    expect(snapshot.error).toMatchObject({ kind: 'network' });
    expect(message).toMatchObject({ status: 'error', content: whole });
    expect(snapshot.stats.bytesReceived).toBe(bytes.byteLength);
  });
});

describe('the server stalls', () => {
  it('after some tokens: the idle timeout ends it as a timeout error, the tokens kept, the connection closed', async () => {
    const server = await serve(({ res }) => {
      openSSE(res);
      res.write(sse('so ', 'far'));
    });
    const chat = chatFor(server, { idleTimeoutMs: 150 });
    const started = performance.now();
    const { message, snapshot, error } = await exchange(chat);
    const elapsed = performance.now() - started;
    expect(snapshot.status).toBe('error');
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(message).toMatchObject({ status: 'error', content: 'so far' });
    expect(elapsed).toBeGreaterThanOrEqual(149);
    expect(await server.exchanges[0]!.closed).toBe(true);
  });

  it('before the headers: a timeout error with no content; the server sees the disconnect', async () => {
    const server = await serve(() => {});
    const chat = chatFor(server, { idleTimeoutMs: 100 });
    const { message, snapshot, error } = await exchange(chat);
    expect(snapshot).toMatchObject({ status: 'error', isStreaming: false });
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(message).toMatchObject({ status: 'error', content: '' });
    expect(await server.exchanges[0]!.closed).toBe(true);
  });

  it('an error status whose body then stalls: the idle timeout ends it as that http error, no hang', async () => {
    const server = await serve(({ res }) => {
      res.writeHead(429, { 'retry-after': '5' });
      res.write('slow down');
    });
    const { message, snapshot, error } = await exchange(chatFor(server, { idleTimeoutMs: 150 }));
    expect(snapshot).toMatchObject({ status: 'error', isStreaming: false });
    expect(error).toMatchObject({ kind: 'http', status: 429, retryAfter: 5 });
    expect(message).toMatchObject({ status: 'error', content: '' });
    expect(await server.exchanges[0]!.closed).toBe(true);
  });
});

describe('a 200 HTML error page', () => {
  it.each(['auto', 'sse'] as const)('under %s is a protocol error carrying the page, and nothing is shown', async (protocol) => {
    const page = '<!doctype html><html><title>502 Bad Gateway</title><body>upstream timed out</body></html>';
    const server = await serve(({ res }) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    });
    const { message, snapshot, error } = await exchange(chatFor(server, { protocol }));
    expect(snapshot.status).toBe('error');
    expect(error).toMatchObject({ kind: 'protocol', status: 200, body: page });
    expect(error!.message).toMatch(/text\/html/);
    expect(message).toMatchObject({ status: 'error', content: '' });
    expect(snapshot.stats.tokensReceived).toBe(0);
  });
});

describe('rate limits and overload: Retry-After', () => {
  it('429 with delta-seconds', async () => {
    const server = await serve(({ res }) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '120' });
      res.end('{"error":"rate_limited"}');
    });
    const { message, snapshot, error } = await exchange(chatFor(server));
    expect(snapshot.status).toBe('error');
    expect(error).toMatchObject({ kind: 'http', status: 429, retryAfter: 120, body: '{"error":"rate_limited"}' });
    expect(message).toMatchObject({ status: 'error', content: '' });
  });

  it('503 with an HTTP date: seconds from now', async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    const server = await serve(({ res }) => {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': at });
      res.end('overloaded');
    });
    const { message, error } = await exchange(chatFor(server));
    expect(error).toMatchObject({ kind: 'http', status: 503, body: 'overloaded' });
    // The date has whole seconds, so 29 or 30 from now.
    expect(error!.retryAfter).toBeGreaterThanOrEqual(29);
    expect(error!.retryAfter).toBeLessThanOrEqual(30);
    expect(message).toMatchObject({ status: 'error', content: '' });
  });

  it('503 with a date in the past is 0 seconds; a garbled value is left out', async () => {
    const values = [new Date(Date.now() - 60_000).toUTCString(), 'soon'];
    const server = await serve(({ res }, i) => {
      res.writeHead(503, { 'retry-after': values[i]! });
      res.end('busy');
    });
    const chat = chatFor(server);
    expect((await exchange(chat)).error).toMatchObject({ kind: 'http', status: 503, retryAfter: 0 });
    const { error } = await exchange(chat);
    expect(error).toMatchObject({ kind: 'http', status: 503 });
    expect('retryAfter' in error!).toBe(false);
  });
});

describe('redirects', () => {
  it('307: fetch follows it with the same POST, and the stream from the target completes', async () => {
    const server = await serve(({ req, res }) => {
      if (req.url === '/chat') {
        res.writeHead(307, { location: '/v2/chat' });
        return void res.end();
      }
      openSSE(res);
      res.end(sse('moved ', 'here') + DONE);
    });
    const { message, snapshot } = await exchange(chatFor(server), 'hello');
    expect(snapshot).toMatchObject({ status: 'done', error: undefined });
    expect(message).toMatchObject({ status: 'done', content: 'moved here' });
    expect(server.exchanges.map(({ req }) => [req.method, req.url])).toEqual([
      ['POST', '/chat'],
      ['POST', '/v2/chat'],
    ]);
    expect(JSON.parse(await server.exchanges[1]!.body)).toEqual({ messages: [{ role: 'user', content: 'hello' }] });
  });

  it('303: fetch follows it as a GET, and that stream completes', async () => {
    const server = await serve(({ req, res }) => {
      if (req.url === '/chat') {
        res.writeHead(303, { location: '/result' });
        return void res.end();
      }
      openSSE(res);
      res.end(sse('see ', 'other') + DONE);
    });
    expect((await exchange(chatFor(server))).message).toMatchObject({ status: 'done', content: 'see other' });
    expect(server.exchanges.map(({ req }) => req.method)).toEqual(['POST', 'GET']);
  });

  it('a redirect loop is a network error, not a hang', async () => {
    const server = await serve(({ res }) => {
      res.writeHead(302, { location: '/chat' });
      res.end();
    });
    const { message, error } = await exchange(chatFor(server));
    expect(error).toMatchObject({ kind: 'network' });
    expect(message).toMatchObject({ status: 'error', content: '' });
    expect(server.exchanges.length).toBeGreaterThan(1);
  });
});

describe('bodies that end too soon', () => {
  it.each([
    ['chunked, nothing written', {}],
    ['content-length: 0', { 'content-length': '0' }],
  ])('an empty body (%s) is a protocol error, not an empty answer', async (_, headers) => {
    const server = await serve(({ res }) => {
      openSSE(res, headers);
      res.end();
    });
    const { message, snapshot, error } = await exchange(chatFor(server));
    expect(snapshot.status).toBe('error');
    expect(error).toMatchObject({ kind: 'protocol', message: 'The response body was empty' });
    expect(message).toMatchObject({ status: 'error', content: '' });
  });

  it('204 No Content is a protocol error', async () => {
    const server = await serve(({ res }) => {
      res.writeHead(204);
      res.end();
    });
    const { message, error } = await exchange(chatFor(server));
    expect(error).toMatchObject({ kind: 'protocol' });
    expect(message).toMatchObject({ status: 'error', content: '' });
  });

  it.each(['openai', 'anthropic'] as const)(
    '%s: a body that ends cleanly before the terminal event is truncated: a network error, the tokens kept',
    async (protocol) => {
      const frames = protocolFrames[protocol];
      const server = await serve(({ res }) => {
        openSSE(res);
        res.end(frames.open + frames.token('Half ') + frames.token('an answer'));
      });
      const { message, snapshot, error } = await exchange(chatFor(server, { protocol: clientProtocol(protocol) }));
      expect(snapshot.status).toBe('error');
      expect(error).toMatchObject({ kind: 'network' });
      expect(error!.message).toMatch(/ended before/);
      expect(message).toMatchObject({ status: 'error', content: 'Half an answer' });
    },
  );

  it('sse (no terminal event required): a clean end is done; an unterminated last block is discarded, as EventSource does', async () => {
    const server = await serve(({ res }) => {
      openSSE(res);
      res.end(`${sse('whole ', 'events')}data: half`);
    });
    const { message, snapshot } = await exchange(chatFor(server, { protocol: 'sse' }));
    expect(snapshot).toMatchObject({ status: 'done', error: undefined });
    expect(message).toMatchObject({ status: 'done', content: 'whole events' });
  });

  it.each(['openai', 'anthropic'] as const)('%s: the same stream with its terminal event is done', async (protocol) => {
    const frames = protocolFrames[protocol];
    const server = await serve(({ res }) => {
      openSSE(res);
      res.end(frames.open + frames.token('Half ') + frames.token('an answer') + frames.end);
    });
    const { message, snapshot } = await exchange(chatFor(server, { protocol: clientProtocol(protocol) }));
    expect(snapshot).toMatchObject({ status: 'done', error: undefined });
    expect(message).toMatchObject({ status: 'done', content: 'Half an answer' });
  });
});

describe('no server', () => {
  it('connection refused (a closed port) is a network error with the cause', async () => {
    const port = await freePort();
    const chat = new ChatController({ api: `http://127.0.0.1:${port}/chat`, idleTimeoutMs: 5_000 });
    const { message, snapshot, error } = await exchange(chat);
    expect(snapshot).toMatchObject({ status: 'error', isStreaming: false });
    expect(error).toMatchObject({ kind: 'network' });
    expect(JSON.stringify(causes(error))).toMatch(/ECONNREFUSED/);
    expect(message).toMatchObject({ status: 'error', content: '' });
  });

  it('a name that does not resolve is a network error', async () => {
    const { message, error } = await exchange(new ChatController({ api: 'http://react-streaming-chat.invalid/chat' }));
    expect(error).toMatchObject({ kind: 'network' });
    expect(JSON.stringify(causes(error))).toMatch(/ENOTFOUND|EAI_AGAIN/);
    expect(message).toMatchObject({ status: 'error', content: '' });
  });
});

/** The chain of `cause`s, as plain objects. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error as { cause?: unknown; code?: unknown; message?: unknown } | undefined; e; e = e.cause as typeof e) {
    chain.push({ message: e.message, code: e.code });
  }
  return chain;
}

describe('a slow but live stream', () => {
  it('a token every 100 ms for ~1.2 s with idleTimeoutMs 300 completes, every token there', async () => {
    const tokens = Array.from({ length: 12 }, (_, i) => `t${i} `);
    const server = await serve(async ({ res }) => {
      openSSE(res);
      for (const token of tokens) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        if (res.destroyed) return;
        res.write(sse(token));
      }
      res.end(DONE);
    });
    const started = performance.now();
    const { message, snapshot } = await exchange(chatFor(server, { idleTimeoutMs: 300 }));
    expect(snapshot).toMatchObject({ status: 'done', error: undefined });
    expect(message.content).toBe(tokens.join(''));
    // Far longer than the idle timeout in total: only silence counts.
    expect(performance.now() - started).toBeGreaterThan(900);
  });

  // A model that thinks for 700 ms between two tokens; the idle timeout is 300 ms.
  async function thinkingModel(heartbeatMs: number) {
    const server = await serve(({ res }) =>
      sendEventStream(
        res,
        async function* () {
          yield 'Let me think. ';
          await new Promise((resolve) => setTimeout(resolve, 700));
          yield 'Done thinking.';
        },
        { heartbeatMs },
      ),
    );
    return exchange(chatFor(server, { idleTimeoutMs: 300 }));
  }

  it('heartbeats from /server below the idle timeout keep a silent model alive', async () => {
    const { message, snapshot } = await thinkingModel(100);
    expect(snapshot).toMatchObject({ status: 'done', error: undefined });
    expect(message.content).toBe('Let me think. Done thinking.');
  });

  it('without heartbeats the same silence times out, the first token kept', async () => {
    const { message, error } = await thinkingModel(0);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(message).toMatchObject({ status: 'error', content: 'Let me think. ' });
  });
});
