// @vitest-environment node
// AI SDK interop, reading direction: aiSdk() reads what the AI SDK's own server code writes
// (createUIMessageStream + createUIMessageStreamResponse) into the parts that the AI SDK's own
// client (parseJsonEventStream + readUIMessageStream, as its DefaultChatTransport) makes of the same bytes.
import fc from 'fast-check';
import {
  createUIMessageStream,
  createUIMessageStreamResponse,
  parseJsonEventStream,
  readUIMessageStream,
  uiMessageChunkSchema,
  type UIMessage,
  type UIMessageChunk,
  type UIMessageStreamWriter,
} from 'ai';
import { aiSdk, type MessagePart } from 'react-streaming-chat/core';
import { decode } from '../../fixtures/transcripts/decode';

/** The bytes `createUIMessageStreamResponse` sends for what `execute` writes. */
async function aiSdkResponse(execute: (writer: UIMessageStreamWriter) => void | Promise<void>) {
  const response = createUIMessageStreamResponse({ stream: createUIMessageStream({ execute: ({ writer }) => execute(writer) }) });
  return { headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** Reads bytes as the AI SDK's client does; the last snapshot is the message. */
async function readWithAiSdk(bytes: Uint8Array) {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  const chunks = parseJsonEventStream({ stream: body, schema: uiMessageChunkSchema }).pipeThrough(
    new TransformStream<{ success: boolean; value?: unknown; error?: unknown }, UIMessageChunk>({
      transform(result, controller) {
        if (!result.success) throw result.error;
        controller.enqueue(result.value as UIMessageChunk);
      },
    }),
  );
  const errors: unknown[] = [];
  let message: UIMessage | undefined;
  for await (const snapshot of readUIMessageStream({ stream: chunks, onError: (error) => errors.push(error) })) message = snapshot;
  return { parts: message?.parts ?? [], errors };
}

/** Our parts in a shape both sides have (the AI SDK keeps no text ids and no streamed input text). */
function ours(part: MessagePart): unknown {
  switch (part.type) {
    case 'text':
    case 'reasoning':
      return { type: part.type, text: part.text };
    case 'tool':
      return { type: 'tool', toolCallId: part.toolCallId, toolName: part.toolName, state: part.state, input: part.input, output: part.output, errorText: part.errorText };
    case 'source':
      return { type: 'source', url: part.url, title: part.title, id: part.id };
    case 'data':
      return { type: 'data', name: part.name, data: part.data, id: part.id };
  }
}

/** The AI SDK's parts in that shape; `step-start` markers have no counterpart. */
function theirs(parts: UIMessage['parts']): unknown[] {
  return parts.flatMap((part): unknown[] => {
    if (part.type === 'step-start') return [];
    if (part.type === 'text' || part.type === 'reasoning') return [{ type: part.type, text: part.text }];
    if (part.type === 'source-url') return [{ type: 'source', url: part.url, title: part.title, id: part.sourceId }];
    if (part.type === 'dynamic-tool' || part.type.startsWith('tool-')) {
      const tool = part as { type: string; toolName?: string; toolCallId: string; state: string; input?: unknown; output?: unknown; errorText?: string };
      const toolName = tool.type === 'dynamic-tool' ? tool.toolName : tool.type.slice(5);
      return [{ type: 'tool', toolCallId: tool.toolCallId, toolName, state: tool.state, input: tool.input, output: tool.output, errorText: tool.errorText }];
    }
    if (part.type.startsWith('data-')) {
      const data = part as { type: string; id?: string; data: unknown };
      return [{ type: 'data', name: data.type.slice(5), data: data.data, id: data.id }];
    }
    return [{ unexpected: part.type }];
  });
}

/** Everything a reply can hold, written the way an AI SDK route writes it. */
function writeEverything(writer: UIMessageStreamWriter) {
  writer.write({ type: 'start', messageId: 'msg_1' });
  writer.write({ type: 'start-step' });
  writer.write({ type: 'reasoning-start', id: 'r1' });
  writer.write({ type: 'reasoning-delta', id: 'r1', delta: 'Thinking about ' });
  writer.write({ type: 'reasoning-delta', id: 'r1', delta: 'Oslo…' });
  writer.write({ type: 'reasoning-end', id: 'r1' });
  writer.write({ type: 'text-start', id: 't1' });
  writer.write({ type: 'text-delta', id: 't1', delta: 'Let me ' });
  writer.write({ type: 'text-delta', id: 't1', delta: 'check — ünïcödé 🙂.' });
  writer.write({ type: 'text-end', id: 't1' });
  writer.write({ type: 'tool-input-start', toolCallId: 'call_1', toolName: 'weather' });
  writer.write({ type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: '{"city":' });
  writer.write({ type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: '"Oslo"}' });
  writer.write({ type: 'tool-input-available', toolCallId: 'call_1', toolName: 'weather', input: { city: 'Oslo' } });
  writer.write({ type: 'tool-input-start', toolCallId: 'call_2', toolName: 'forecast', dynamic: true });
  writer.write({ type: 'tool-input-delta', toolCallId: 'call_2', inputTextDelta: '{"days":3}' });
  writer.write({ type: 'tool-input-available', toolCallId: 'call_2', toolName: 'forecast', input: { days: 3 }, dynamic: true });
  writer.write({ type: 'tool-output-available', toolCallId: 'call_1', output: { temperature: 21, sky: 'clear' } });
  writer.write({ type: 'tool-output-error', toolCallId: 'call_2', errorText: 'forecast service down' });
  writer.write({ type: 'tool-input-start', toolCallId: 'call_3', toolName: 'map' });
  writer.write({ type: 'tool-input-delta', toolCallId: 'call_3', inputTextDelta: '{"zoom":' });
  writer.write({ type: 'tool-input-error', toolCallId: 'call_3', toolName: 'map', input: '{"zoom":', errorText: 'Invalid input' });
  writer.write({ type: 'finish-step' });
  writer.write({ type: 'start-step' });
  writer.write({ type: 'source-url', sourceId: 'src_1', url: 'https://met.no/oslo', title: 'MET Norway' });
  writer.write({ type: 'data-weather', id: 'w1', data: { status: 'loading' } });
  writer.write({ type: 'data-weather', id: 'w1', data: { status: 'ready', temperature: 21 } });
  writer.write({ type: 'data-log', data: 'line "one"\nline two' });
  writer.write({ type: 'data-progress', data: 50, transient: true });
  writer.write({ type: 'text-start', id: 't2' });
  writer.write({ type: 'text-delta', id: 't2', delta: 'It is 21 °C.' });
  writer.write({ type: 'text-end', id: 't2' });
  writer.write({ type: 'finish-step' });
  writer.write({ type: 'message-metadata', messageMetadata: { tokens: 42 } });
  writer.write({ type: 'finish', finishReason: 'stop' });
}

const split = (bytes: Uint8Array, cuts: number[]) => {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  return [...points, bytes.length].map((point, index, all) => bytes.subarray(index ? all[index - 1] : 0, point));
};

describe("AI SDK interop: aiSdk() reads what ai's createUIMessageStreamResponse writes", () => {
  it("gives the parts ai's own readUIMessageStream gives: text, reasoning, tool input and output, tool errors, source, data", async () => {
    const { headers, bytes } = await aiSdkResponse(writeEverything);
    expect(headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    const { parts, errors } = await readWithAiSdk(bytes);
    expect(errors).toEqual([]);
    const decoded = decode(aiSdk(), [bytes]);
    expect(decoded.end).toEqual({ status: 'done' });
    expect(decoded.parts.map(ours)).toEqual(theirs(parts));
    // What both make of it, spelled out once.
    expect(decoded.parts.map(ours)).toEqual([
      { type: 'reasoning', text: 'Thinking about Oslo…' },
      { type: 'text', text: 'Let me check — ünïcödé 🙂.' },
      { type: 'tool', toolCallId: 'call_1', toolName: 'weather', state: 'output-available', input: { city: 'Oslo' }, output: { temperature: 21, sky: 'clear' }, errorText: undefined },
      { type: 'tool', toolCallId: 'call_2', toolName: 'forecast', state: 'output-error', input: { days: 3 }, output: undefined, errorText: 'forecast service down' },
      { type: 'tool', toolCallId: 'call_3', toolName: 'map', state: 'output-error', input: undefined, output: undefined, errorText: 'Invalid input' },
      { type: 'source', url: 'https://met.no/oslo', title: 'MET Norway', id: 'src_1' },
      { type: 'data', name: 'weather', data: { status: 'ready', temperature: 21 }, id: 'w1' },
      { type: 'data', name: 'log', data: 'line "one"\nline two', id: undefined },
      { type: 'text', text: 'It is 21 °C.' },
    ]);
    // The tool whose input failed keeps the text that streamed.
    expect(decoded.parts[4]).toMatchObject({ inputText: '{"zoom":' });
  });

  it('gives the same parts whatever the byte boundaries', async () => {
    const { bytes } = await aiSdkResponse(writeEverything);
    const whole = decode(aiSdk(), [bytes]).parts;
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 50 }), (cuts) => {
        expect(decode(aiSdk(), split(bytes, cuts)).parts).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it("ends with a server error carrying the errorText when the route's execute throws, the parts so far kept", async () => {
    const { bytes } = await aiSdkResponse(async (writer) => {
      writer.write({ type: 'text-start', id: 't' });
      writer.write({ type: 'text-delta', id: 't', delta: 'Half an ans' });
      throw new Error('upstream failed');
    });
    const theirRead = await readWithAiSdk(bytes);
    const decoded = decode(aiSdk(), [bytes]);
    expect(decoded.parts.map(ours)).toEqual(theirs(theirRead.parts));
    expect(decoded.parts.map(ours)).toEqual([{ type: 'text', text: 'Half an ans' }]);
    // createUIMessageStream's default onError hides the cause from the client.
    expect(decoded.end).toEqual({ status: 'error', kind: 'server', message: 'An error occurred.' });
  });
});
