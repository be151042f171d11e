// @vitest-environment node
// AI SDK interop, write direction: the AI SDK's own client code reads what uiMessageStreamResponse
// writes, and ends with the parts this kit's foldChunks gives for the same chunks.
import { parseJsonEventStream, readUIMessageStream, uiMessageChunkSchema, type UIMessage, type UIMessageChunk } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { foldChunks, type MessagePart, type StreamChunk } from 'react-streaming-chat/core';
import { sendResponse, uiMessageStreamResponse, type UIMessageInput } from 'react-streaming-chat/server';
import { listen, type Loopback } from './loopback';

let loopback: Loopback | undefined;

afterEach(async () => {
  await loopback?.close();
  loopback = undefined;
});

/** A reply with every kind of part: reasoning, text, two tools (one fails), a source, data. */
const SCRIPT: UIMessageInput[] = [
  { type: 'reasoning-delta', delta: 'The user wants ' },
  { type: 'reasoning-delta', delta: 'the weather.' },
  'Let me ',
  'check.',
  { type: 'tool-input-start', toolCallId: 'call_1', toolName: 'weather' },
  { type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: '{"city":' },
  { type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: '"Oslo"}' },
  { type: 'tool-input-available', toolCallId: 'call_1', toolName: 'weather', input: { city: 'Oslo' } },
  { type: 'tool-output-available', toolCallId: 'call_1', output: { temperature: 21, sky: 'clear' } },
  { type: 'tool-input-start', toolCallId: 'call_2', toolName: 'forecast' },
  { type: 'tool-input-available', toolCallId: 'call_2', toolName: 'forecast', input: { days: 3 } },
  { type: 'tool-output-error', toolCallId: 'call_2', errorText: 'forecast service down' },
  { type: 'tool-input-error', toolCallId: 'call_3', toolName: 'map', input: '{"zoom":', errorText: 'invalid JSON' },
  { type: 'source-url', sourceId: 'src_1', url: 'https://met.no/oslo', title: 'MET Norway' },
  { type: 'data-usage', id: 'usage', data: { tokens: 10 } },
  { type: 'data-usage', id: 'usage', data: { tokens: 42 } },
  { type: 'data-log', data: 'done "quoted"\nnext line' },
  'It is 21 °C and clear in Oslo 🙂.',
];

/** The script as chunks, strings as the text deltas they are. */
const scriptChunks = (): StreamChunk[] =>
  SCRIPT.map((item) => (typeof item === 'string' ? { type: 'text-delta', delta: item } : (item as StreamChunk)));

/** Our parts in a shape both sides share (no ids on text, no streamed input text). */
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

/** The AI SDK's UI message parts in the same shape. */
function theirs(part: UIMessage['parts'][number]): unknown {
  if (part.type === 'text' || part.type === 'reasoning') return { type: part.type, text: part.text };
  if (part.type === 'source-url') return { type: 'source', url: part.url, title: part.title, id: part.sourceId };
  if (part.type.startsWith('tool-')) {
    const tool = part as { type: string; toolCallId: string; state: string; input?: unknown; output?: unknown; errorText?: string };
    return { type: 'tool', toolCallId: tool.toolCallId, toolName: tool.type.slice(5), state: tool.state, input: tool.input, output: tool.output, errorText: tool.errorText };
  }
  if (part.type.startsWith('data-')) {
    const data = part as { type: string; id?: string; data: unknown };
    return { type: 'data', name: data.type.slice(5), data: data.data, id: data.id };
  }
  return { unexpected: part.type };
}

/** Fetches the stream over HTTP and reads it as the AI SDK's client does (DefaultChatTransport, then readUIMessageStream). */
async function readWithAiSdk(url: string): Promise<{ message: UIMessage | undefined; errors: unknown[] }> {
  const response = await fetch(url);
  expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
  const chunks = parseJsonEventStream({ stream: response.body!, schema: uiMessageChunkSchema }).pipeThrough(
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
  return { message, errors };
}

async function serve(source: () => AsyncIterable<UIMessageInput>): Promise<string> {
  loopback = await listen((_req, res) => void sendResponse(res, uiMessageStreamResponse(source())));
  return loopback.url;
}

describe('AI SDK interop: readUIMessageStream reads what uiMessageStreamResponse writes', () => {
  it('gives the parts foldChunks gives: text, reasoning, streamed tool input and output, tool errors, source, data', async () => {
    const url = await serve(async function* () {
      yield* SCRIPT;
    });
    const { message, errors } = await readWithAiSdk(url);
    expect(errors).toEqual([]);
    const expected = foldChunks([], scriptChunks()).map(ours);
    expect(message?.parts.map(theirs)).toEqual(expected);
    // The fold is what the script means, spelled out once.
    expect(expected).toEqual([
      { type: 'reasoning', text: 'The user wants the weather.' },
      { type: 'text', text: 'Let me check.' },
      { type: 'tool', toolCallId: 'call_1', toolName: 'weather', state: 'output-available', input: { city: 'Oslo' }, output: { temperature: 21, sky: 'clear' }, errorText: undefined },
      { type: 'tool', toolCallId: 'call_2', toolName: 'forecast', state: 'output-error', input: { days: 3 }, output: undefined, errorText: 'forecast service down' },
      { type: 'tool', toolCallId: 'call_3', toolName: 'map', state: 'output-error', input: undefined, output: undefined, errorText: 'invalid JSON' },
      { type: 'source', url: 'https://met.no/oslo', title: 'MET Norway', id: 'src_1' },
      { type: 'data', name: 'usage', data: { tokens: 42 }, id: 'usage' },
      { type: 'data', name: 'log', data: 'done "quoted"\nnext line', id: undefined },
      { type: 'text', text: 'It is 21 °C and clear in Oslo 🙂.' },
    ]);
  });

  it("reports a throwing source through the AI SDK's onError, the parts so far kept", async () => {
    const url = await serve(async function* () {
      yield 'Half an ans';
      throw new Error('upstream failed');
    });
    const { message, errors } = await readWithAiSdk(url);
    expect(message?.parts.map(theirs)).toEqual([{ type: 'text', text: 'Half an ans' }]);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('upstream failed');
  });
});
