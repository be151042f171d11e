// @vitest-environment node
// The README's protocol recipes, run: an AI SDK backend (its route with a mock model from
// `ai/test`, read by the kit's aiSdk()), and the OpenAI Responses and Anthropic proxies (their
// routes in front of a loopback server that replays the provider's transcript).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { setImmediate as tick } from 'node:timers/promises';
import type { LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { convertToModelMessages, simulateReadableStream, validateUIMessages, type UIMessage } from 'ai';
import { MockLanguageModelV3, MockProviderV3 } from 'ai/test';
import { anthropic, ChatController, openaiResponses, type ChatOptions } from 'react-streaming-chat/core';
import { anthropicTranscripts } from '../fixtures/transcripts/anthropic';
import { openaiResponsesTranscripts } from '../fixtures/transcripts/openaiResponses';
import type { Transcript, TranscriptEnd } from '../fixtures/transcripts/transcript';
import { aiSdkChat } from './snippets/aiSdkClient';
import { POST as aiSdkRoute } from './snippets/aiSdkRoute';
import { POST as anthropicRoute } from './snippets/anthropicRoute';
import { POST as responsesRoute } from './snippets/responsesRoute';
import { callRoute, deferred, listenOn, readText } from './support';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  vi.unstubAllEnvs();
});

/** Sends `text` and cancels once `tokens` text deltas have arrived; resolves with the final message. */
async function sendThenCancel(options: ChatOptions, text: string, tokens = 1) {
  const arrived = deferred();
  let count = 0;
  const chat = new ChatController({ ...options, onToken: () => ++count === tokens && arrived.resolve() });
  const reply = chat.send(text);
  await arrived.promise;
  chat.cancel();
  return { chat, reply: await reply };
}

describe('README: an AI SDK backend', () => {
  const usage = {
    inputTokens: { total: 12, noCache: 12, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: 30, text: 22, reasoning: 8 },
  };
  const stream = (chunks: LanguageModelV3StreamPart[]) => ({ stream: simulateReadableStream({ chunks, chunkDelayInMs: 1 }) });

  /** Two steps, as a model with a tool answers: reasoning, text and a tool call; then, given the tool's result, text. */
  const twoSteps = () => [
    stream([
      { type: 'stream-start', warnings: [] },
      { type: 'reasoning-start', id: 'r1' },
      { type: 'reasoning-delta', id: 'r1', delta: 'The user wants ' },
      { type: 'reasoning-delta', id: 'r1', delta: 'the weather.' },
      { type: 'reasoning-end', id: 'r1' },
      { type: 'text-start', id: 't1' },
      { type: 'text-delta', id: 't1', delta: 'Let me check ' },
      { type: 'text-delta', id: 't1', delta: 'Zürich. ' },
      { type: 'text-end', id: 't1' },
      { type: 'tool-input-start', id: 'call_1', toolName: 'weather' },
      { type: 'tool-input-delta', id: 'call_1', delta: '{"city":' },
      { type: 'tool-input-delta', id: 'call_1', delta: '"Zürich"}' },
      { type: 'tool-input-end', id: 'call_1' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'weather', input: '{"city":"Zürich"}' },
      { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage },
    ]),
    stream([
      { type: 'stream-start', warnings: [] },
      { type: 'text-start', id: 't2' },
      { type: 'text-delta', id: 't2', delta: 'It is 21 °C ' },
      { type: 'text-delta', id: 't2', delta: 'and clear ☀️.' },
      { type: 'text-end', id: 't2' },
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage },
    ]),
  ];

  /** Puts `model` behind the route's model id, as the AI Gateway would; records the bodies the route receives. */
  function serve(doStream: NonNullable<ConstructorParameters<typeof MockLanguageModelV3>[0]>['doStream']) {
    const model = new MockLanguageModelV3({ doStream });
    globalThis.AI_SDK_DEFAULT_PROVIDER = new MockProviderV3({ languageModels: { 'openai/gpt-5-mini': model } });
    cleanups.push(() => {
      globalThis.AI_SDK_DEFAULT_PROVIDER = undefined;
    });
    const bodies: { messages: UIMessage[] }[] = [];
    const responses: Response[] = [];
    const fetch = callRoute(async (req) => {
      bodies.push(await req.clone().json());
      const response = await aiSdkRoute(req);
      responses.push(response);
      return response;
    });
    return { model, bodies, responses, options: { ...aiSdkChat, fetch } };
  }

  it('streams reasoning, text, a tool call with its result, then the answer, into parts', async () => {
    const { options, responses } = serve(twoSteps());
    const chat = new ChatController(options);
    const reply = await chat.send('Weather in Zürich?');

    expect(responses[0]!.headers.get('content-type')).toBe('text/event-stream');
    expect(responses[0]!.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    expect(responses[0]!.headers.get('cache-control')).toBe('no-cache, no-store');
    expect(chat.getSnapshot().error).toBeUndefined();
    expect(reply.status).toBe('done');
    expect(reply.parts).toEqual([
      { type: 'reasoning', id: 'r1', text: 'The user wants the weather.' },
      { type: 'text', id: 't1', text: 'Let me check Zürich. ' },
      {
        type: 'tool',
        toolCallId: 'call_1',
        toolName: 'weather',
        state: 'output-available',
        inputText: '{"city":"Zürich"}',
        input: { city: 'Zürich' },
        output: { city: 'Zürich', temperature: 21, sky: 'clear' },
      },
      { type: 'text', id: 't2', text: 'It is 21 °C and clear ☀️.' },
    ]);
    expect(reply.content).toBe('Let me check Zürich. It is 21 °C and clear ☀️.');
  });

  it('prepareRequest sends UIMessages the route accepts, each earlier turn as its text', async () => {
    const { options, bodies, model } = serve([...twoSteps(), ...twoSteps()]);
    const chat = new ChatController({
      ...options,
      // A reply cancelled before any text has nothing to send back.
      initialMessages: [
        { id: 'u0', role: 'user', content: 'Hello', status: 'done' },
        { id: 'a0', role: 'assistant', content: '', status: 'cancelled' },
      ],
    });
    await chat.send('Weather in Zürich?');
    await chat.send('And tomorrow?');

    const [first, second] = bodies;
    // The AI SDK's own checks: valid UIMessages, which convertToModelMessages takes as they are.
    await expect(validateUIMessages({ messages: second!.messages })).resolves.toEqual(second!.messages);
    expect(await convertToModelMessages(first!.messages)).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
      { role: 'user', content: [{ type: 'text', text: 'Weather in Zürich?' }] },
    ]);
    expect(await convertToModelMessages(second!.messages)).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
      { role: 'user', content: [{ type: 'text', text: 'Weather in Zürich?' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Let me check Zürich. It is 21 °C and clear ☀️.' }] },
      { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] },
    ]);
    expect(second!.messages.map(({ id }) => id)).toEqual(['u0', chat.getSnapshot().messages[2]!.id, chat.getSnapshot().messages[3]!.id, chat.getSnapshot().messages[4]!.id]);
    // The model got them: its third call (the second exchange's first step) ends with the new question.
    expect(model.doStreamCalls[2]!.prompt.at(-1)).toEqual({ role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] });
  });

  it('a cancel on the client aborts the model call', async () => {
    const { options, model } = serve({
      stream: new ReadableStream<LanguageModelV3StreamPart>({
        start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: [] });
          controller.enqueue({ type: 'text-start', id: 't1' });
          controller.enqueue({ type: 'text-delta', id: 't1', delta: 'Thinking it over' });
          // …and the model says nothing more until the request goes away.
        },
      }),
    });
    const { chat, reply } = await sendThenCancel(options, 'Hi');
    expect(reply).toMatchObject({ status: 'cancelled', content: 'Thinking it over' });
    expect(chat.getSnapshot().error).toBeUndefined();
    await vi.waitFor(() => expect(model.doStreamCalls[0]!.abortSignal?.aborted).toBe(true));
  });

  it('a model error mid-stream reaches the client as a server error, the partial answer kept', async () => {
    // streamText logs the error on the server (the route passes no onError).
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    cleanups.push(() => logged.mockRestore());
    const { options } = serve(
      stream([
        { type: 'stream-start', warnings: [] },
        { type: 'text-start', id: 't1' },
        { type: 'text-delta', id: 't1', delta: 'Half an ' },
        { type: 'error', error: new Error('upstream overloaded') },
      ]),
    );
    const chat = new ChatController(options);
    const reply = await chat.send('Hi');
    expect(reply).toMatchObject({ status: 'error', content: 'Half an ' });
    // The AI SDK masks the error's message unless the route passes onError.
    expect(chat.getSnapshot().error).toMatchObject({ kind: 'server', message: 'An error occurred.' });
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ message: 'upstream overloaded' }));
  });
});

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * A loopback stand-in for a provider's API: records each request and answers with `respond`.
 * `env` points the route at it (its base URL and key).
 */
async function fakeProvider(env: Record<string, string | ((url: string) => string)>, respond: (res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const closedEarly = deferred();
  const loopback = await listenOn(
    createServer(async (req, res) => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: JSON.parse(await readText(req)) });
      res.on('close', () => res.writableFinished || closedEarly.resolve());
      respond(res);
    }),
  );
  cleanups.push(loopback.close);
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, typeof value === 'function' ? value(loopback.url) : value);
  return { seen, closedEarly: closedEarly.promise };
}

/** Writes `wire` in small pieces (cut anywhere, inside UTF-8 sequences too), a tick apart, as a network would. */
async function replay(res: ServerResponse, transcript: Pick<Transcript, 'wire' | 'contentType'>, end = true) {
  res.writeHead(200, { 'content-type': transcript.contentType });
  const bytes = Buffer.from(transcript.wire);
  for (let at = 0; at < bytes.length; at += 97) {
    res.write(bytes.subarray(at, at + 97));
    await tick();
  }
  if (end) res.end();
}

/** Sends, and cancels once the provider has the request but has not answered: only req.signal can reach it then. */
async function cancelWhileWaiting(options: ChatOptions, provider: { seen: Seen[]; closedEarly: Promise<void> }) {
  const chat = new ChatController(options);
  const reply = chat.send('Hi');
  await vi.waitFor(() => expect(provider.seen).toHaveLength(1));
  expect(chat.getSnapshot().status).toBe('connecting');
  // (The engine holds a fetch cancelled before its headers for up to a second, to learn a
  // resumable stream's id; then it aborts, and req.signal carries that upstream.)
  chat.cancel();
  await provider.closedEarly;
  expect(await reply).toMatchObject({ status: 'cancelled', content: '' });
}

/** The chat ended as the transcript says its stream ends. */
function expectEnd(chat: ChatController, end: TranscriptEnd) {
  const { status, error } = chat.getSnapshot();
  if (end.status === 'done') return expect({ status, error }).toEqual({ status: 'done', error: undefined });
  expect(status).toBe('error');
  expect(error).toMatchObject({ kind: end.kind, message: typeof end.message === 'string' ? end.message : expect.stringMatching(end.message) });
}

describe('README: an OpenAI Responses proxy', () => {
  const options: ChatOptions = { api: '/api/chat', protocol: openaiResponses(), fetch: callRoute(responsesRoute) };
  const upstream = (respond: (res: ServerResponse) => void) =>
    fakeProvider({ OPENAI_BASE_URL: (url) => `${url}/v1`, OPENAI_API_KEY: 'sk-test' }, respond);

  it('forwards the question with the key, and the events back: reasoning, text and tool calls as parts', async () => {
    const transcript = openaiResponsesTranscripts.reasoningTextAndTools;
    const provider = await upstream((res) => void replay(res, transcript));
    const chat = new ChatController(options);
    const reply = await chat.send('Weather in Zürich and Tokyo?');

    expectEnd(chat, transcript.end);
    expect(reply.parts).toEqual(transcript.parts);
    expect(reply.content).toBe('Checking Zürich and 東京…');
    expect(provider.seen).toHaveLength(1);
    const [request] = provider.seen;
    expect(request).toMatchObject({ method: 'POST', url: '/v1/responses', headers: { authorization: 'Bearer sk-test' } });
    expect(request!.body).toMatchObject({
      model: 'o4-mini',
      input: [{ role: 'user', content: 'Weather in Zürich and Tokyo?' }],
      reasoning: { summary: 'auto' },
      tools: [{ type: 'function', name: 'get_weather' }],
      stream: true,
    });
  });

  it('answers with no-store, and the provider status and Content-Type', async () => {
    await upstream((res) => void replay(res, openaiResponsesTranscripts.text));
    const response = await responsesRoute(
      new Request('http://localhost/api/chat', { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] }) }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(openaiResponsesTranscripts.text.contentType);
    expect(response.headers.get('cache-control')).toBe('no-cache, no-store');
    expect(await response.text()).toBe(openaiResponsesTranscripts.text.wire);
  });

  it.each([
    ['response.failed', openaiResponsesTranscripts.failed],
    ['a body cut inside a tool call', openaiResponsesTranscripts.cutInToolCall],
  ])('%s: the error the transcript ends with, the parts that came kept', async (_, transcript) => {
    await upstream((res) => void replay(res, transcript));
    const chat = new ChatController(options);
    const reply = await chat.send('Hi');
    expect(reply.parts).toEqual(transcript.parts);
    expectEnd(chat, transcript.end);
  });

  it('a cancel before the provider answers aborts the upstream request (req.signal)', async () => {
    // The provider has taken the request and is still queueing it: no headers yet.
    await cancelWhileWaiting(options, await upstream(() => {}));
  });

  it('a cancel mid-stream aborts the upstream request: the provider sees the connection close', async () => {
    const { wire, contentType } = openaiResponsesTranscripts.reasoningTextAndTools;
    // Up to the first text delta, then the model "thinks" until the request goes away.
    const upTo = wire.indexOf('event: response.output_text.delta', wire.indexOf('event: response.output_text.delta') + 1);
    const provider = await upstream((res) => void replay(res, { wire: wire.slice(0, upTo), contentType }, false));
    const { chat, reply } = await sendThenCancel(options, 'Hi');
    await provider.closedEarly;
    expect(reply).toMatchObject({ status: 'cancelled', content: 'Checking ' });
    expect(reply.parts.map((part) => part.type)).toEqual(['reasoning', 'reasoning', 'text']);
    expect(chat.getSnapshot().error).toBeUndefined();
  });

  it('a provider error reaches the client as an http error with its status and body', async () => {
    await upstream((res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
      res.end(JSON.stringify({ error: { message: 'Rate limit reached for o4-mini', type: 'requests', code: 'rate_limit_exceeded' } }));
    });
    const chat = new ChatController(options);
    await chat.send('Hi');
    const { error } = chat.getSnapshot();
    expect(error).toMatchObject({ kind: 'http', status: 429 });
    expect(error!.body).toContain('Rate limit reached');
  });
});

describe('README: Anthropic with thinking and tools', () => {
  const options: ChatOptions = { api: '/api/chat', protocol: anthropic(), fetch: callRoute(anthropicRoute) };
  const upstream = (respond: (res: ServerResponse) => void) =>
    fakeProvider({ ANTHROPIC_BASE_URL: (url) => url, ANTHROPIC_API_KEY: 'sk-ant-test' }, respond);

  it('asks for thinking and tools; the thinking, text and tool calls come back as parts', async () => {
    const transcript = anthropicTranscripts.thinkingTextAndTools;
    const provider = await upstream((res) => void replay(res, transcript));
    const chat = new ChatController(options);
    const reply = await chat.send('Weather and time in San Francisco?');

    expectEnd(chat, transcript.end);
    expect(reply.parts).toEqual(transcript.parts);
    expect(reply.parts.map((part) => part.type)).toEqual(['reasoning', 'text', 'tool', 'tool']);
    expect(reply.content).toBe("I'll check San Francisco — ☀️?");

    const [request] = provider.seen;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/v1/messages',
      headers: { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' },
    });
    const body = request!.body as { max_tokens: number; thinking: { type: string; budget_tokens: number } };
    expect(body).toMatchObject({
      model: 'claude-sonnet-4-5',
      thinking: { type: 'enabled' },
      tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
      messages: [{ role: 'user', content: 'Weather and time in San Francisco?' }],
      stream: true,
    });
    // Anthropic's rules for thinking: a budget of at least 1024 tokens, below max_tokens.
    expect(body.thinking.budget_tokens).toBeGreaterThanOrEqual(1024);
    expect(body.thinking.budget_tokens).toBeLessThan(body.max_tokens);
  });

  it('sends only turns with text: no system message, no reply cancelled before its first word', async () => {
    const provider = await upstream((res) => void replay(res, anthropicTranscripts.thinkingTextAndTools));
    const chat = new ChatController({
      ...options,
      initialMessages: [
        { id: 's', role: 'system', content: 'Be brief.', status: 'done' },
        { id: 'u1', role: 'user', content: 'Hi', status: 'done' },
        { id: 'a1', role: 'assistant', content: '', status: 'cancelled' },
      ],
    });
    await chat.send('Weather?');
    expect(provider.seen[0]!.body.messages).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'user', content: 'Weather?' },
    ]);
  });

  it.each([
    ['an in-band error event', anthropicTranscripts.inBandError],
    ['a body cut inside a tool call', anthropicTranscripts.cutInToolCall],
  ])('%s: the error the transcript ends with, the parts that came kept', async (_, transcript) => {
    await upstream((res) => void replay(res, transcript));
    const chat = new ChatController(options);
    const reply = await chat.send('Hi');
    expect(reply.parts).toEqual(transcript.parts);
    expectEnd(chat, transcript.end);
  });

  it('a cancel before the provider answers aborts the upstream request (req.signal)', async () => {
    // The provider has taken the request and is still queueing it: no headers yet.
    await cancelWhileWaiting(options, await upstream(() => {}));
  });

  it('a cancel mid-stream aborts the upstream request: the provider sees the connection close', async () => {
    const { wire, contentType } = anthropicTranscripts.thinkingTextAndTools;
    // Through the first text delta, then the model "thinks" until the request goes away.
    const upTo = wire.indexOf('event: content_block_delta', wire.indexOf('text_delta'));
    const provider = await upstream((res) => void replay(res, { wire: wire.slice(0, upTo), contentType }, false));
    const { chat, reply } = await sendThenCancel(options, 'Hi');
    await provider.closedEarly;
    expect(reply).toMatchObject({ status: 'cancelled', content: "I'll check " });
    expect(reply.parts).toEqual([anthropicTranscripts.thinkingTextAndTools.parts[0], { type: 'text', text: "I'll check " }]);
    expect(chat.getSnapshot().error).toBeUndefined();
  });
});
