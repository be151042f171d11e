// @vitest-environment node
import { getResponse, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  encodeStream,
  protocolFrames,
  streamingChatHandler,
  wireProtocols,
  type StreamingChatHandlerOptions,
} from 'react-streaming-chat/msw';

const URL_ = 'http://localhost/api/chat';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Tokens that stress each encoding: quotes, newlines, a leading space, multi-byte UTF-8. */
const TOKENS = ['Hello', ' "wörld"', ',\nnew line', ' 🙂', ' \\ done.'];

function post(messages: { role: string; content: string }[] = [{ role: 'user', content: 'Hi' }], signal?: AbortSignal) {
  return fetch(URL_, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages }),
    signal: signal ?? null,
  });
}

function serve(options: Omit<StreamingChatHandlerOptions, 'path'>) {
  server.use(streamingChatHandler({ path: URL_, ...options }));
}

/** Every chunk of a body as text, one entry per `read()`. */
async function readChunks(body: ReadableStream<Uint8Array>): Promise<string[]> {
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  for await (const chunk of body) chunks.push(decoder.decode(chunk, { stream: true }));
  return chunks;
}

/** Reads until the body ends or fails; the error, if any, is returned with what arrived before it. */
async function readUntilEnd(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<{ text: string; error?: unknown }> {
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PENDING = Symbol('pending');
/** The promise's value if it settles within `ms`, else PENDING. */
const within = <T,>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, sleep(ms).then(() => PENDING)]);

describe('streamingChatHandler: the wire output', () => {
  it.each(wireProtocols)('%s: the body is exactly encodeStream(protocol, tokens), with its content-type', async (protocol) => {
    serve({ protocol, tokens: TOKENS });
    const response = await post();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(protocolFrames[protocol].contentType);
    expect(await response.text()).toBe(encodeStream(protocol, TOKENS));
  });

  it("defaults to SSE, one token's frame per read, the opening frames in a read of their own", async () => {
    serve({ tokens: ['a', 'b'] });
    const sse = await post();
    expect(sse.headers.get('content-type')).toBe('text/event-stream');
    expect(await readChunks(sse.body!)).toEqual(['data: a\n\n', 'data: b\n\n', 'event: done\ndata:\n\n']);

    serve({ protocol: 'openai', tokens: ['a'] });
    const openai = await post();
    const { open, token, end } = protocolFrames.openai;
    expect(await readChunks(openai.body!)).toEqual([open, token('a'), end]);
  });

  it('tokensPerChunk puts several frames in one read', async () => {
    serve({ protocol: 'ndjson', tokens: ['a', 'b', 'c', 'd', 'e'], tokensPerChunk: 2 });
    const { token, end } = protocolFrames.ndjson;
    expect(await readChunks((await post()).body!)).toEqual([
      token('a') + token('b'),
      token('c') + token('d'),
      token('e'),
      end,
    ]);
  });

  it('delayMs spaces the chunks out', async () => {
    serve({ protocol: 'text', tokens: ['a', 'b', 'c', 'd', 'e'], delayMs: 25 });
    const started = performance.now();
    expect(await (await post()).text()).toBe('abcde');
    expect(performance.now() - started).toBeGreaterThanOrEqual(4 * 25 - 5); // four gaps between five tokens
  });
});

describe('streamingChatHandler: the reply', () => {
  it('echoes the last user message by default, word by word', async () => {
    serve({ protocol: 'text' });
    const response = await post([
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'second one' },
    ]);
    expect(await readChunks(response.body!)).toEqual(['You ', 'said: ', 'second ', 'one']);
  });

  it('calls reply with the request messages and the request', async () => {
    const reply = vi.fn(({ messages, request }: { messages: { content: string }[]; request: Request }) =>
      `${request.headers.get('x-user')} asked ${messages.length}: ${messages.at(-1)?.content}`,
    );
    serve({ protocol: 'sse', reply });
    const response = await fetch(URL_, {
      method: 'POST',
      headers: { 'x-user': 'ana' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Why?' }], temperature: 0 }),
    });
    expect(await response.text()).toBe(encodeStream('sse', ['ana ', 'asked ', '1: ', 'Why?']));
    expect(reply).toHaveBeenCalledTimes(1);
  });

  it('takes an async tokens function, which wins over reply', async () => {
    serve({
      protocol: 'ndjson',
      reply: 'ignored',
      tokens: async ({ messages }) => messages.map((message) => message.content.toUpperCase()),
    });
    const response = await post([{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }]);
    expect(await response.text()).toBe(encodeStream('ndjson', ['A', 'B']));
  });

  it('answers a GET with ?prompt= as a single user message', async () => {
    server.use(streamingChatHandler({ path: URL_, method: 'GET', protocol: 'text', reply: ({ messages }) => JSON.stringify(messages) }));
    const response = await fetch(`${URL_}?prompt=${encodeURIComponent('Hi there')}`);
    expect(await response.text()).toBe('[{"role":"user","content":"Hi there"}]');
  });

  it('matches POST only by default', async () => {
    server.use(
      streamingChatHandler({ path: URL_, protocol: 'text' }),
      http.all(URL_, () => new HttpResponse('fell through', { status: 405 })),
    );
    expect((await fetch(URL_)).status).toBe(405);
    expect((await post()).status).toBe(200);
  });
});

describe('streamingChatHandler: faults', () => {
  it('status: an HTTP error with its body and headers', async () => {
    serve({ fault: { status: 429, body: '{"error":"slow down"}', headers: { 'retry-after': '7', 'content-type': 'application/json' } } });
    const response = await post();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('{"error":"slow down"}');
  });

  it('status: a plain-text body by default', async () => {
    serve({ protocol: 'openai', fault: { status: 500 } });
    const response = await post();
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe('Error 500');
  });

  it.each(wireProtocols)('%s dropAfter: the first n frames arrive, then reading fails as a dropped connection', async (protocol) => {
    serve({ protocol, tokens: TOKENS, fault: { dropAfter: 2 } });
    const response = await post();
    expect(response.status).toBe(200);
    const { text, error } = await readUntilEnd(response.body!.getReader());
    const frames = protocolFrames[protocol];
    expect(text).toBe(frames.open + frames.token(TOKENS[0]!) + frames.token(TOKENS[1]!));
    expect(error).toBeInstanceOf(TypeError);
  });

  it('dropAfter 0 still sends the opening frames', async () => {
    serve({ protocol: 'anthropic', tokens: TOKENS, fault: { dropAfter: 0 } });
    const { text, error } = await readUntilEnd((await post()).body!.getReader());
    expect(text).toBe(protocolFrames.anthropic.open);
    expect(error).toBeInstanceOf(TypeError);
  });

  it.each(['sse', 'ndjson', 'openai', 'anthropic'] as const)(
    '%s malformedAt: the frame at n is the malformed one, the rest follows',
    async (protocol) => {
      serve({ protocol, tokens: TOKENS, fault: { malformedAt: 1 } });
      const frames = protocolFrames[protocol];
      const chunks = await readChunks((await post()).body!);
      expect(chunks.join('')).toBe(
        frames.open + frames.token(TOKENS[0]!) + frames.malformed + TOKENS.slice(2).map(frames.token).join('') + frames.end,
      );
      expect(chunks[frames.open ? 2 : 1]).toBe(frames.malformed);
    },
  );

  it('malformedAt past the last token: the malformed frame comes before the ending', async () => {
    serve({ protocol: 'ndjson', tokens: ['a'], fault: { malformedAt: 5 } });
    const { token, malformed, end } = protocolFrames.ndjson;
    expect(await (await post()).text()).toBe(token('a') + malformed + end);
  });

  it.each(['sse', 'ndjson', 'openai', 'anthropic'] as const)(
    '%s errorAt: n tokens, the in-band error frame, then the body ends',
    async (protocol) => {
      serve({ protocol, tokens: TOKENS, fault: { errorAt: 3, message: 'Rate limited' } });
      const frames = protocolFrames[protocol];
      expect(await (await post()).text()).toBe(
        frames.open + TOKENS.slice(0, 3).map(frames.token).join('') + frames.error('Rate limited'),
      );
    },
  );

  it("errorAt uses the protocol's usual message by default", async () => {
    serve({ protocol: 'anthropic', tokens: ['a'], fault: { errorAt: 0 } });
    expect(await (await post()).text()).toBe(
      protocolFrames.anthropic.open +
        'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
    );
  });

  it('refuses an in-band fault the text protocol cannot express', () => {
    expect(() => streamingChatHandler({ path: URL_, protocol: 'text', fault: { errorAt: 1 } })).toThrow(TypeError);
    expect(() => streamingChatHandler({ path: URL_, protocol: 'text', fault: { malformedAt: 1 } })).toThrow(TypeError);
  });

  it('stallAfter: n tokens, then nothing until the fetch is aborted, then the read fails', async () => {
    serve({ protocol: 'sse', tokens: TOKENS, fault: { stallAfter: 2 } });
    const abort = new AbortController();
    const reader = (await post(undefined, abort.signal)).body!.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe('data: Hello\n\n');
    expect(decoder.decode((await reader.read()).value)).toBe(protocolFrames.sse.token(TOKENS[1]!));

    const next = reader.read();
    next.catch(() => {}); // observed below
    expect(await within(next, 100)).toBe(PENDING);
    abort.abort();
    await expect(next).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('streamingChatHandler: stopping', () => {
  /** An endless token source that counts what it produced and notes when it is closed. */
  function countingSource() {
    const state = { produced: 0, closed: false };
    async function* tokens() {
      try {
        for (;;) {
          state.produced += 1;
          yield `t${state.produced} `;
        }
      } finally {
        state.closed = true;
      }
    }
    return { state, tokens: tokens() };
  }

  it('is pull-based: the source advances only as the client reads', async () => {
    const { state, tokens } = countingSource();
    serve({ protocol: 'sse', tokens });
    const abort = new AbortController();
    const reader = (await post(undefined, abort.signal)).body!.getReader();
    for (let i = 0; i < 3; i++) await reader.read();
    await sleep(50);
    const afterThree = state.produced;
    // The handler's stream reads nothing ahead; msw/node's response clone (a tee) queues one chunk.
    expect(afterThree).toBeLessThanOrEqual(3 + 1);
    await sleep(50);
    expect(state.produced).toBe(afterThree);
    abort.abort();
  });

  it('stops producing when the request aborts: no more tokens, timers cleared, the source closed', async () => {
    const { state, tokens } = countingSource();
    serve({ protocol: 'openai', tokens, delayMs: 10 });
    const abort = new AbortController();
    const reader = (await post(undefined, abort.signal)).body!.getReader();
    for (let i = 0; i < 3; i++) await reader.read();

    abort.abort();
    await expect(readUntilEnd(reader)).resolves.toMatchObject({ error: { name: 'AbortError' } });
    const atAbort = state.produced;
    await sleep(100); // ten delay periods
    expect(state.produced).toBe(atAbort);
    expect(atAbort).toBeLessThanOrEqual(2 + 1); // the opening frame and two tokens were read
    expect(state.closed).toBe(true);
  });

  it('stops producing when the body is cancelled (without msw/node, whose tee keeps cancel from the handler)', async () => {
    const { state, tokens } = countingSource();
    const handler = streamingChatHandler({ path: URL_, protocol: 'ndjson', tokens, delayMs: 10 });
    const response = await getResponse([handler], new Request(URL_, { method: 'POST', body: '{"messages":[]}' }));
    const reader = response!.body!.getReader();
    for (let i = 0; i < 3; i++) await reader.read();
    expect(state.produced).toBe(3); // no read-ahead: exactly what was read

    await reader.cancel();
    const atCancel = state.produced;
    await sleep(100);
    expect(state.produced).toBe(atCancel);
    expect(state.closed).toBe(true);
  });

  it('a stall ends on cancel too', async () => {
    const { state, tokens } = countingSource();
    const handler = streamingChatHandler({ path: URL_, tokens, fault: { stallAfter: 1 } });
    const response = await getResponse([handler], new Request(URL_, { method: 'POST' }));
    const reader = response!.body!.getReader();
    await reader.read();
    const next = reader.read();
    expect(await within(next, 50)).toBe(PENDING);
    await reader.cancel();
    await expect(next).resolves.toEqual({ done: true, value: undefined });
    expect(state.closed).toBe(true);
  });
});
