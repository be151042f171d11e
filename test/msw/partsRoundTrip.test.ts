// @vitest-environment node
// The mock server and the client agree: a scripted reply, streamed by streamingChatHandler in
// each wire, read back by that wire's decoder, folds into the parts the wire can carry.
import { setupServer } from 'msw/node';
import {
  aiSdk,
  anthropic,
  foldChunks,
  ndjson,
  openaiChat,
  openaiResponses,
  resolveProtocol,
  type MessagePart,
  type StreamChunk,
  type StreamProtocol,
} from 'react-streaming-chat/core';
import { streamingChatHandler, type MockReplyChunk, type WireProtocol } from 'react-streaming-chat/msw';
import { decode } from '../fixtures/transcripts/decode';

const URL_ = 'http://localhost/api/chat';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Every kind of chunk, awkward text included (quotes, a newline, multi-byte UTF-8). */
const SCRIPT: MockReplyChunk[] = [
  { type: 'reasoning-delta', delta: 'The user wants ' },
  { type: 'reasoning-delta', delta: 'the "weather".' },
  'Let me ',
  'check\nthat 🙂.',
  { type: 'tool-input-start', toolCallId: 'call_1', toolName: 'weather' },
  { type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: '{"city":' },
  { type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: '"Oslo"}' },
  { type: 'tool-input-available', toolCallId: 'call_1', toolName: 'weather', input: { city: 'Oslo' } },
  { type: 'tool-output-available', toolCallId: 'call_1', output: { sky: 'clear' } },
  { type: 'tool-input-available', toolCallId: 'call_2', toolName: 'forecast', input: { days: 3 } },
  { type: 'tool-output-error', toolCallId: 'call_2', errorText: 'forecast service down' },
  { type: 'source-url', sourceId: 'src_1', url: 'https://met.no/oslo', title: 'MET Norway' },
  { type: 'data-usage', id: 'u', data: { tokens: 42 } },
  'Sunny.',
];

const protocols: Record<WireProtocol, () => StreamProtocol> = {
  text: () => resolveProtocol('text', 'text/plain'),
  sse: () => resolveProtocol('sse', 'text/event-stream'),
  ndjson,
  openai: openaiChat,
  'openai-responses': openaiResponses,
  anthropic,
  'ai-sdk': aiSdk,
};

/**
 * What each wire can carry (see partsEncoder): provider wires have no tool results, sources or
 * data; Ollama's tool calls come whole, so a call is there only once its input is complete.
 */
const carries: Record<WireProtocol, (chunk: StreamChunk) => boolean> = {
  text: (chunk) => chunk.type === 'text-delta',
  sse: (chunk) => chunk.type === 'text-delta' || chunk.type === 'reasoning-delta',
  ndjson: (chunk) => chunk.type === 'text-delta' || chunk.type === 'reasoning-delta' || chunk.type === 'tool-input-available',
  openai: providerWire,
  'openai-responses': providerWire,
  anthropic: providerWire,
  'ai-sdk': () => true,
};

function providerWire(chunk: StreamChunk): boolean {
  return chunk.type === 'text-delta' || chunk.type === 'reasoning-delta' || chunk.type.startsWith('tool-input-');
}

const asChunk = (item: MockReplyChunk): StreamChunk => (typeof item === 'string' ? { type: 'text-delta', delta: item } : item);

/** Text and reasoning part ids are the wire's own; Ollama's tool calls have no id, so the decoder makes one up. */
function normalize(protocol: WireProtocol) {
  return (part: MessagePart): MessagePart => {
    if (part.type === 'text' || part.type === 'reasoning') return { type: part.type, text: part.text };
    if (part.type === 'tool' && protocol === 'ndjson') return { ...part, toolCallId: '(none on this wire)' };
    return part;
  };
}

/** Streams `parts` through the msw handler in `protocol` and reads the body with that wire's decoder. */
async function roundTrip(protocol: WireProtocol, options: { fault?: { errorAt: number; message: string }; splitEvery?: number } = {}) {
  server.use(streamingChatHandler({ path: URL_, protocol, parts: SCRIPT, fault: options.fault }));
  const response = await fetch(URL_, { method: 'POST', body: '{"messages":[]}' });
  const pieces: Uint8Array[] = [];
  for await (const piece of response.body!) pieces.push(piece);
  return decode(protocols[protocol](), options.splitEvery ? splitEvery(pieces, options.splitEvery) : pieces);
}

/** The bytes again, cut every `size` bytes (through multi-byte characters too). */
function splitEvery(pieces: Uint8Array[], size: number): Uint8Array[] {
  const bytes = new Uint8Array(pieces.reduce((total, piece) => total + piece.length, 0));
  let offset = 0;
  for (const piece of pieces) bytes.set(piece, (offset += piece.length) - piece.length);
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

const wires = Object.keys(protocols) as WireProtocol[];

describe('streamingChatHandler parts, read back by the matching decoder', () => {
  it.each(wires)('%s: the fold of what the wire carries, the reply complete', async (protocol) => {
    const expected = foldChunks([], SCRIPT.map(asChunk).filter(carries[protocol])).map(normalize(protocol));
    const { parts, end } = await roundTrip(protocol);
    expect(end).toEqual({ status: 'done' });
    expect(parts.map(normalize(protocol))).toEqual(expected);
    // Cut anywhere (inside frames, inside the emoji), the decoder reads the same parts.
    expect((await roundTrip(protocol, { splitEvery: 7 })).parts.map(normalize(protocol))).toEqual(expected);
  });

  it.each(wires)('%s: the token frames (tokens and reply) decode to the text, complete', async (protocol) => {
    const tokens = ['Hello', ' "wörld"', ',\nnew line', ' 🙂'];
    server.use(streamingChatHandler({ path: URL_, protocol, tokens }));
    const response = await fetch(URL_, { method: 'POST', body: '{"messages":[]}' });
    const { parts, end } = decode(protocols[protocol](), await response.text());
    expect(end).toEqual({ status: 'done' });
    expect(parts.map(normalize(protocol))).toEqual([{ type: 'text', text: tokens.join('') }]);
  });

  it('provider wires carry reasoning, text and both tool calls with their input', async () => {
    for (const protocol of ['ndjson', 'openai', 'openai-responses', 'anthropic'] as const) {
      const { parts } = await roundTrip(protocol);
      expect(parts.map((part) => (part.type === 'tool' ? `${part.toolName}:${part.state}:${JSON.stringify(part.input)}` : part.type))).toEqual([
        'reasoning',
        'text',
        'weather:input-available:{"city":"Oslo"}',
        'forecast:input-available:{"days":3}',
        'text',
      ]);
    }
  });

  it.each(wires.filter((protocol) => protocol !== 'text'))(
    '%s errorAt: the in-band error ends the reply as a server error, the parts before it kept',
    async (protocol) => {
      // SCRIPT[7] is call_1's tool-input-available: the reasoning, the text and call_1's streamed input came before.
      const { parts, end } = await roundTrip(protocol, { fault: { errorAt: 7, message: 'Rate limited' } });
      expect(end).toMatchObject({ status: 'error', kind: 'server' });
      expect((end as { message: string }).message).toContain('Rate limited');
      expect(parts.map(normalize(protocol))).toEqual(
        foldChunks([], SCRIPT.slice(0, 7).map(asChunk).filter(carries[protocol])).map(normalize(protocol)),
      );
    },
  );
});
