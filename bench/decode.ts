/**
 * h. Decode throughput per protocol: the same scripted reply (reasoning, text, two tool calls)
 * written in each wire by the msw encoders, decoded by our protocol factories into parts; and
 * the AI SDK's own client path (`parseJsonEventStream` with its chunk schema, then
 * `readUIMessageStream`) against `aiSdk()` + `foldChunks` on the same UI message stream bytes.
 */
import { parseJsonEventStream, readUIMessageStream, uiMessageChunkSchema, type UIMessageChunk } from 'ai';
import { aiSdk, anthropic, foldChunks, ndjson, openaiChat, openaiResponses, type MessagePart, type StreamChunk, type StreamProtocol } from 'react-streaming-chat/core';
import { encodeParts, type MockReplyChunk, type WireProtocol } from 'react-streaming-chat/msw';
import { progress, report, type Section } from './support/report';
import { fmt, median, ratio, settle } from './support/stats';
import { makeTokens } from './support/tokens';

const RUNS = 9;
const PIECE = 16 * 1024;
const tokens = makeTokens(4096);

/** A long reply: reasoning, text, two tool calls with streamed input, more text. ~1 MB of text. */
function script(): MockReplyChunk[] {
  const chunks: MockReplyChunk[] = [];
  chunks.push({ type: 'reasoning-start', id: 'r' });
  for (let i = 0; i < 20_000; i++) chunks.push({ type: 'reasoning-delta', id: 'r', delta: tokens[i % tokens.length]! });
  chunks.push({ type: 'reasoning-end', id: 'r' });
  for (let i = 0; i < 80_000; i++) chunks.push(tokens[(i * 7) % tokens.length]!);
  for (const call of ['call_a', 'call_b']) {
    chunks.push({ type: 'tool-input-start', toolCallId: call, toolName: 'search' });
    const input = JSON.stringify({ query: 'x'.repeat(2000), limit: 10 });
    for (let at = 0; at < input.length; at += 12) chunks.push({ type: 'tool-input-delta', toolCallId: call, inputTextDelta: input.slice(at, at + 12) });
    chunks.push({ type: 'tool-input-available', toolCallId: call, toolName: 'search', input: JSON.parse(input) });
  }
  for (let i = 0; i < 20_000; i++) chunks.push(tokens[(i * 3) % tokens.length]!);
  return chunks;
}

const wires: { wire: WireProtocol; label: string; protocol: () => StreamProtocol }[] = [
  { wire: 'ai-sdk', label: '`aiSdk()` (UI message stream)', protocol: aiSdk },
  { wire: 'openai', label: '`openaiChat()`', protocol: openaiChat },
  { wire: 'openai-responses', label: '`openaiResponses()`', protocol: openaiResponses },
  { wire: 'anthropic', label: '`anthropic()`', protocol: anthropic },
  { wire: 'ndjson', label: '`ndjson()` (Ollama)', protocol: ndjson },
];

const pieces = (bytes: Uint8Array) => {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += PIECE) out.push(bytes.subarray(at, at + PIECE));
  return out;
};

/** Ours, as a session reads: bytes through a streaming TextDecoder into the decoder, chunks folded into parts. */
function ours(protocol: StreamProtocol, body: Uint8Array[]): MessagePart[] {
  const chunks: (StreamChunk | string)[] = [];
  let failed: unknown;
  const decoder = protocol.createDecoder(
    { token: (text) => chunks.push(text), part: (chunk) => chunks.push(chunk), finish() {}, fail: (error) => (failed = error) },
    { maxLineLength: 1 << 20 },
  );
  const text = new TextDecoder();
  for (const piece of body) decoder.feed(text.decode(piece, { stream: true }));
  decoder.end();
  if (failed) throw failed;
  return foldChunks([], chunks);
}

/** The AI SDK's client path: the same bytes as a stream, parsed, validated and folded into a UIMessage. */
async function theirs(body: Uint8Array[]): Promise<unknown[]> {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of body) controller.enqueue(piece);
      controller.close();
    },
  });
  const chunks = parseJsonEventStream({ stream, schema: uiMessageChunkSchema }).pipeThrough(
    new TransformStream<{ success: boolean; value?: UIMessageChunk }, UIMessageChunk>({
      transform(result, controller) {
        if (result.success) controller.enqueue(result.value!);
      },
    }),
  );
  let parts: unknown[] = [];
  let failed: unknown;
  for await (const message of readUIMessageStream({ stream: chunks, onError: (error) => (failed = error) })) parts = message.parts;
  if (failed) throw failed;
  return parts;
}

const timed = async (fn: () => unknown) => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};

const reply = script();
const bodies = new Map(wires.map(({ wire }) => [wire, new TextEncoder().encode(encodeParts(wire, reply))]));
const mb = (wire: WireProtocol) => bodies.get(wire)!.length / 1e6;

// Warm-up, and a check that each decoder gives the text and the tool calls back.
for (const { wire, protocol } of wires) {
  const parts = ours(protocol(), pieces(bodies.get(wire)!));
  if (!parts.some((part) => part.type === 'tool')) throw new Error(`${wire}: no tool part decoded`);
}
const theirParts = await theirs(pieces(bodies.get('ai-sdk')!));
if (theirParts.length < 4) throw new Error(`The AI SDK read ${theirParts.length} parts`);

const times = new Map<string, number[]>();
const record = (key: string, ms: number) => times.set(key, [...(times.get(key) ?? []), ms]);
for (let run = 1; run <= RUNS; run++) {
  progress(`run ${run}/${RUNS}`);
  for (const { wire, protocol } of wires) {
    const body = pieces(bodies.get(wire)!);
    record(wire, await timed(() => ours(protocol(), body)));
    await settle();
  }
  const body = pieces(bodies.get('ai-sdk')!);
  record('ai-sdk:theirs', await timed(() => theirs(body)));
  await settle();
}

const med = (key: string) => median(times.get(key)!);
const oursAi = med('ai-sdk');
const theirsAi = med('ai-sdk:theirs');

const sections: Section[] = [
  {
    title: 'Decode throughput per protocol',
    intro:
      `One scripted reply (20k reasoning deltas, 100k text deltas, two tool calls with 2 KB inputs streamed in 12-character pieces) ` +
      `written in each wire by the msw encoders, fed in ${PIECE / 1024} KiB pieces through a streaming TextDecoder into the ` +
      `decoder, its chunks folded into parts. Median of ${RUNS} runs, interleaved.`,
    table: {
      head: ['protocol', 'wire size', 'time (ms)', 'MB/s'],
      rows: wires.map(({ wire, label }) => [label, `${fmt(mb(wire), 2)} MB`, fmt(med(wire), 1), fmt(mb(wire) / (med(wire) / 1000), 1)]),
    },
  },
  {
    title: 'UI message stream: ours vs the AI SDK’s own client parser',
    intro:
      'The same UI message stream bytes. Ours: `aiSdk()` + `foldChunks`. The AI SDK 6: `parseJsonEventStream` with ' +
      '`uiMessageChunkSchema` (TextDecoderStream, EventSourceParserStream, JSON parse, schema validation), then ' +
      '`readUIMessageStream` (the fold its `useChat` uses). Median of the same runs.',
    table: {
      head: ['parser', 'time (ms)', 'MB/s', 'vs ours'],
      rows: [
        ['ours', fmt(oursAi, 1), fmt(mb('ai-sdk') / (oursAi / 1000), 1), '1.0×'],
        ['AI SDK', fmt(theirsAi, 1), fmt(mb('ai-sdk') / (theirsAi / 1000), 1), ratio(theirsAi, oursAi)],
      ],
    },
  },
];

report(sections);
