// @vitest-environment node
import { setupServer } from 'msw/node';
import {
  encodeParts,
  partsEncoder,
  protocolFrames,
  streamingChatHandler,
  wireProtocols,
  type MockReplyChunk,
  type StreamingChatHandlerOptions,
} from 'react-streaming-chat/msw';

const URL_ = 'http://localhost/api/chat';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const SCRIPT: MockReplyChunk[] = [
  { type: 'reasoning-delta', delta: 'Thinking…' },
  'Checking ',
  { type: 'tool-input-start', toolCallId: 'call_1', toolName: 'weather' },
  { type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: '{"city":"Oslo"}' },
  { type: 'tool-input-available', toolCallId: 'call_1', toolName: 'weather', input: { city: 'Oslo' } },
  { type: 'tool-output-available', toolCallId: 'call_1', output: { sky: 'clear' } },
  { type: 'source-url', sourceId: 's1', url: 'https://met.no' },
  'Sunny.',
];

function serve(options: Omit<StreamingChatHandlerOptions, 'path'>) {
  server.use(streamingChatHandler({ path: URL_, ...options }));
}

function post(content = 'Hi', signal?: AbortSignal) {
  return fetch(URL_, { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content }] }), signal: signal ?? null });
}

async function readChunks(body: ReadableStream<Uint8Array>): Promise<string[]> {
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  for await (const chunk of body) chunks.push(decoder.decode(chunk, { stream: true }));
  return chunks;
}

/** The frames `encoder` writes for each chunk, in order: what each read should carry. */
function framesOf(protocol: (typeof wireProtocols)[number], chunks: MockReplyChunk[]) {
  const encoder = partsEncoder(protocol);
  return { open: encoder.open(), chunks: chunks.map((chunk) => encoder.chunk(chunk)), end: encoder.end() };
}

describe('streamingChatHandler with parts', () => {
  it.each(wireProtocols)('%s: the body is exactly encodeParts(protocol, parts), with its content-type', async (protocol) => {
    serve({ protocol, parts: SCRIPT });
    const response = await post();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(protocolFrames[protocol].contentType);
    expect(await response.text()).toBe(encodeParts(protocol, SCRIPT));
  });

  it('ai-sdk: says so with x-vercel-ai-ui-message-stream: v1, as the AI SDK client expects', async () => {
    serve({ protocol: 'ai-sdk', parts: ['Hi'] });
    expect((await post()).headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    serve({ protocol: 'ai-sdk', tokens: ['Hi'] });
    expect((await post()).headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
  });

  it('takes an async parts function of the request, which wins over tokens and reply', async () => {
    serve({
      protocol: 'sse',
      reply: 'ignored',
      tokens: ['ignored'],
      parts: async ({ messages }) => [{ type: 'reasoning-delta', delta: `about ${messages.at(-1)?.content}` }, 'ok'],
    });
    expect(await (await post('rain')).text()).toBe('event: reasoning\ndata: about rain\n\ndata: ok\n\nevent: done\ndata:\n\n');
  });

  it("one chunk's frames per read; a chunk the wire cannot carry never makes an empty read", async () => {
    serve({ protocol: 'openai', parts: SCRIPT });
    const frames = framesOf('openai', SCRIPT);
    // Chat completions carry no tool output or source, and call_1's arguments were already streamed.
    expect(frames.chunks.slice(4, 7)).toEqual(['', '', '']);
    expect(await readChunks((await post()).body!)).toEqual([frames.open, ...frames.chunks.filter(Boolean), frames.end]);
  });

  it('tokensPerChunk puts several chunks in one read', async () => {
    serve({ protocol: 'anthropic', parts: SCRIPT, tokensPerChunk: 3 });
    const { open, chunks, end } = framesOf('anthropic', SCRIPT);
    expect(await readChunks((await post()).body!)).toEqual([
      open,
      chunks.slice(0, 3).join(''),
      chunks.slice(3, 6).join(''),
      chunks.slice(6).join(''),
      end,
    ]);
  });

  it('dropAfter counts chunks: the first n arrive, then the connection drops', async () => {
    serve({ protocol: 'anthropic', parts: SCRIPT, fault: { dropAfter: 4 } });
    const reader = (await post()).body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const failure = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return undefined;
        text += decoder.decode(value, { stream: true });
      }
    })().catch((error: unknown) => error);
    const { open, chunks } = framesOf('anthropic', SCRIPT);
    expect(text).toBe(open + chunks.slice(0, 4).join(''));
    expect(failure).toBeInstanceOf(TypeError);
  });

  it('errorAt: n chunks, then the in-band error frame instead of the ending', async () => {
    serve({ protocol: 'openai-responses', parts: SCRIPT, fault: { errorAt: 2, message: 'Rate limited' } });
    const { open, chunks } = framesOf('openai-responses', SCRIPT);
    expect(await (await post()).text()).toBe(open + chunks.slice(0, 2).join('') + protocolFrames['openai-responses'].error('Rate limited'));
  });

  it('malformedAt: the chunk at n is replaced by the malformed frame, the rest follows with the ending', async () => {
    serve({ protocol: 'ai-sdk', parts: ['a', 'b', 'c'], fault: { malformedAt: 1 } });
    const { chunks, end } = framesOf('ai-sdk', ['a', 'b', 'c']);
    const encoder = partsEncoder('ai-sdk');
    // The encoder never saw 'b'; 'c' continues the same text part.
    expect(chunks[0]).toBe(encoder.chunk('a'));
    expect(await (await post()).text()).toBe(chunks[0] + protocolFrames['ai-sdk'].malformed + encoder.chunk('c') + end);
  });

  it('pulls a lazy parts source only as the client reads, and closes it when the request aborts', async () => {
    const state = { produced: 0, closed: false };
    async function* endless(): AsyncGenerator<MockReplyChunk> {
      try {
        for (;;) {
          state.produced += 1;
          yield { type: 'reasoning-delta', delta: `${state.produced} ` };
        }
      } finally {
        state.closed = true;
      }
    }
    serve({ protocol: 'anthropic', parts: () => endless() });
    const abort = new AbortController();
    const reader = (await post('Hi', abort.signal)).body!.getReader();
    for (let i = 0; i < 4; i++) await reader.read(); // message_start, then three chunks
    await new Promise((resolve) => setTimeout(resolve, 30));
    // msw/node's response clone (a tee) may queue one chunk ahead.
    expect(state.produced).toBeLessThanOrEqual(3 + 1);
    abort.abort();
    // What the tee had queued may still come; then the read fails as an aborted fetch does.
    const failure = await (async () => {
      for (;;) if ((await reader.read()).done) return undefined;
    })().catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'AbortError' });
    expect(state.closed).toBe(true);
  });
});
