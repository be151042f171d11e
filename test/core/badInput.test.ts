// @vitest-environment node
import { ChatController, StreamError, ndjson, openaiChat } from 'react-streaming-chat/core';
import { encodeStream, protocolFrames } from 'react-streaming-chat/msw';
import { listen, type Loopback } from '../support/loopback';
import { clientProtocol } from '../support/clientProtocol';
import { streamThrough } from '../support/engine';
import { fakeFetch, immediateScheduler, splitBytes, utf8 } from '../support/streams';

async function failure(run: ReturnType<typeof streamThrough>) {
  const message = await run.done;
  const { status, error } = run.chat.getSnapshot();
  expect(status).toBe('error');
  expect(error).toBeInstanceOf(StreamError);
  return { message, error: error! };
}

describe('bad input ends with a clear error and loses nothing', () => {
  it('a non-2xx response is an http error with the status and the first KiB of the body', async () => {
    const page = `<h1>Internal Server Error</h1>${'x'.repeat(5000)}`;
    const { message, error } = await failure(
      streamThrough([page], { status: 500, contentType: 'text/html', headers: { 'retry-after': '7' } }),
    );
    expect(error).toMatchObject({ kind: 'http', status: 500, retryAfter: 7 });
    expect(error.body).toBe(page.slice(0, 1024));
    expect(message).toMatchObject({ status: 'error', content: '' });
  });

  it('a dropped connection is a network error; what arrived stays', async () => {
    const { message, error } = await failure(streamThrough(['Hello ', 'wor'], { then: 'error' }));
    expect(error.kind).toBe('network');
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(message).toMatchObject({ status: 'error', content: 'Hello wor' });
  });

  it('invalid JSON in an ndjson line is a protocol error; earlier tokens stay', async () => {
    const body = protocolFrames.ndjson.token('one ') + protocolFrames.ndjson.token('two') + protocolFrames.ndjson.malformed;
    const { message, error } = await failure(streamThrough([body], { protocol: ndjson() }));
    expect(error.kind).toBe('protocol');
    expect(message.content).toBe('one two');
  });

  it('invalid JSON in an openai frame is a protocol error; earlier tokens stay', async () => {
    const frames = protocolFrames.openai;
    const body = frames.open + frames.token('kept') + frames.malformed + frames.token('lost') + frames.end;
    const { message, error } = await failure(streamThrough([body], { protocol: openaiChat(), contentType: 'text/event-stream' }));
    expect(error.kind).toBe('protocol');
    expect(error.message).toMatch(/Malformed frame/);
    expect(message.content).toBe('kept');
  });

  it.each(['sse', 'ndjson'] as const)('a %s line over maxLineLength is a protocol error; earlier tokens stay', async (protocol) => {
    const frames = protocolFrames[protocol];
    const long = frames.token('y'.repeat(5000));
    const { message, error } = await failure(
      streamThrough([frames.token('short'), long.slice(0, 2000), long.slice(2000)], {
        protocol: clientProtocol(protocol),
        contentType: frames.contentType,
        maxLineLength: 1000,
      }),
    );
    expect(error.kind).toBe('protocol');
    expect(error.message).toMatch(/longer than|too long/i);
    expect(message.content).toBe('short');
  });

  it('a response with no body is a protocol error', async () => {
    const { fetch } = fakeFetch(() => new Response(null, { status: 200 }));
    const chat = new ChatController({ api: '/chat', fetch });
    expect(await chat.send('hi')).toMatchObject({ status: 'error', content: '' });
    expect(chat.getSnapshot().error).toMatchObject({ kind: 'protocol' });
  });

  it('an empty body is a protocol error, not an empty answer', async () => {
    const { message, error } = await failure(streamThrough([], { protocol: 'text' }));
    expect(error).toMatchObject({ kind: 'protocol', message: 'The response body was empty' });
    expect(message.content).toBe('');
  });

  it.each(['auto', 'sse', 'ndjson', 'openai', 'openai-responses', 'anthropic', 'ai-sdk'] as const)(
    'a 200 HTML page under %s is a protocol error, not text to show',
    async (protocol) => {
      const option = protocol === 'auto' ? protocol : clientProtocol(protocol);
      const { message, error } = await failure(
        streamThrough(['<!doctype html><title>Bad gateway</title>'], { protocol: option, contentType: 'text/html; charset=utf-8' }),
      );
      expect(error.kind).toBe('protocol');
      expect(error.body).toContain('Bad gateway');
      expect(message.content).toBe('');
    },
  );

  it('a custom protocol that throws ends with a protocol error', async () => {
    const { error } = await failure(
      streamThrough(['x'], {
        protocol: {
          name: 'broken',
          createDecoder: () => ({
            feed: () => {
              throw new Error('boom');
            },
            end: () => {},
          }),
        },
      }),
    );
    expect(error).toMatchObject({ kind: 'protocol' });
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('a custom protocol that never calls finish still completes at the end of the body', async () => {
    const { done } = streamThrough(['a', 'b'], {
      protocol: { name: 'plain', createDecoder: (sink) => ({ feed: (text) => sink.token(text.toUpperCase()), end: () => {} }) },
    });
    expect(await done).toMatchObject({ status: 'done', content: 'AB' });
  });
});

describe('decoding bytes', () => {
  it('a multi-byte character split across chunks comes out whole', async () => {
    const text = 'naïve café — 日本語 🎉👩‍👩‍👧';
    const bytes = utf8(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const { done } = streamThrough(splitBytes(bytes, [cut, cut + 1]), { protocol: 'text' });
      expect((await done).content).toBe(text);
    }
  });

  it('invalid UTF-8 becomes U+FFFD, with no crash', async () => {
    const { done } = streamThrough([new Uint8Array([0x68, 0x69, 0xff, 0xfe]), utf8(' ok'), new Uint8Array([0xe6, 0x97])], {
      protocol: 'text',
    });
    expect(await done).toMatchObject({ status: 'done', content: 'hi\uFFFD\uFFFD ok\uFFFD' });
  });

  it('invalid UTF-8 inside SSE data stays in the event as U+FFFD', async () => {
    const bytes = new Uint8Array([...utf8('data: a'), 0xc3, ...utf8('b\n\n'), ...utf8(encodeStream('sse', []))]);
    const { done } = streamThrough([bytes], { protocol: 'sse', contentType: 'text/event-stream' });
    expect(await done).toMatchObject({ status: 'done', content: 'a\uFFFDb' });
  });
});

describe('bad input over a real socket', () => {
  let server: Loopback | undefined;
  afterEach(() => server?.close());

  it('a server that drops the connection mid-stream gives a network error with the partial content', async () => {
    server = await listen((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: partial\n\n', () => setTimeout(() => res.socket?.destroy(), 20));
    });
    const chat = new ChatController({ api: `${server.url}/chat`, scheduler: immediateScheduler });
    expect(await chat.send('go')).toMatchObject({ status: 'error', content: 'partial' });
    expect(chat.getSnapshot().error).toMatchObject({ kind: 'network' });
  });
});
