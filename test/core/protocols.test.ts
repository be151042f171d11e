import fc from 'fast-check';
import { StreamError } from 'react-streaming-chat/core';
import { encodeStream, type WireProtocol } from 'react-streaming-chat/msw';
import { streamThrough } from '../support/engine';
import { splitBytes, utf8 } from '../support/streams';

// OpenAI's chat completions stream, as the API reference shows it: a role-only first chunk,
// the content chunks, a finish_reason chunk, then [DONE].
const openaiTranscript = [
  'data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}',
  '',
  'data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]}',
  '',
  'data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":"!"},"logprobs":null,"finish_reason":null}]}',
  '',
  'data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":" How can I help?"},"logprobs":null,"finish_reason":null}]}',
  '',
  'data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}',
  '',
  'data: [DONE]',
  '',
  '',
].join('\n');

// Anthropic's Messages API stream, as its streaming docs show it.
const anthropicTranscript = [
  'event: message_start',
  'data: {"type": "message_start", "message": {"id": "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", "type": "message", "role": "assistant", "content": [], "model": "claude-sonnet-4-5", "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 25, "output_tokens": 1}}}',
  '',
  'event: content_block_start',
  'data: {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}',
  '',
  'event: ping',
  'data: {"type": "ping"}',
  '',
  'event: content_block_delta',
  'data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}}',
  '',
  'event: content_block_delta',
  'data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "!"}}',
  '',
  'event: content_block_stop',
  'data: {"type": "content_block_stop", "index": 0}',
  '',
  'event: message_delta',
  'data: {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence":null}, "usage": {"output_tokens": 15}}',
  '',
  'event: message_stop',
  'data: {"type": "message_stop"}',
  '',
  '',
].join('\n');

const anthropicOverloaded = [
  'event: message_start',
  'data: {"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "content": [], "model": "claude-sonnet-4-5", "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 25, "output_tokens": 1}}}',
  '',
  'event: content_block_delta',
  'data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Partial"}}',
  '',
  'event: error',
  'data: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}',
  '',
  '',
].join('\n');

describe('provider transcripts', () => {
  it('reads an OpenAI chat completion stream', async () => {
    const { done, chat } = streamThrough([openaiTranscript], { protocol: 'openai', contentType: 'text/event-stream' });
    const message = await done;
    expect(message).toMatchObject({ content: 'Hello! How can I help?', status: 'done' });
    expect(chat.getSnapshot().status).toBe('done');
    expect(chat.getSnapshot().stats.tokensReceived).toBe(3);
  });

  it('reads an Anthropic Messages stream, skipping ping and block events', async () => {
    const { done } = streamThrough([anthropicTranscript], { protocol: 'anthropic', contentType: 'text/event-stream' });
    expect(await done).toMatchObject({ content: 'Hello!', status: 'done' });
  });

  it("turns Anthropic's in-band overloaded_error into a server error, keeping the partial text", async () => {
    const { done, chat } = streamThrough([anthropicOverloaded], { protocol: 'anthropic', contentType: 'text/event-stream' });
    expect(await done).toMatchObject({ content: 'Partial', status: 'error' });
    const { error } = chat.getSnapshot();
    expect(error).toBeInstanceOf(StreamError);
    expect(error).toMatchObject({ kind: 'server' });
    expect(error?.message).toContain('overloaded_error');
  });

  it.each([
    ['openai', openaiTranscript.replace('data: [DONE]\n\n', ''), 'Hello! How can I help?'],
    ['anthropic', anthropicTranscript.replace(/event: message_stop\n.*\n\n/, ''), 'Hello!'],
  ] as const)('a %s stream without its terminal event is truncated: a network error, content kept', async (protocol, body, content) => {
    const { done, chat } = streamThrough([body], { protocol, contentType: 'text/event-stream' });
    expect(await done).toMatchObject({ content, status: 'error' });
    expect(chat.getSnapshot().error).toMatchObject({ kind: 'network' });
    expect(chat.getSnapshot().error?.message).toMatch(/ended before/);
  });

  it('stops reading at the terminal event and ignores anything after it', async () => {
    const { done, source } = streamThrough(
      [`${encodeStream('openai', ['a', 'b'])}`, 'data: {"choices":[{"delta":{"content":"late"}}]}\n\n', 'more'],
      { protocol: 'openai', contentType: 'text/event-stream' },
    );
    expect(await done).toMatchObject({ content: 'ab', status: 'done' });
    expect(source.cancelled).toBe(true);
    expect(source.pulled).toBe(1);
  });
});

describe('sse, ndjson, text and auto', () => {
  it('sse: events of any type are tokens, event: done finishes, event: error is a server error', async () => {
    const body = 'event: token\ndata: Hi\n\ndata: there\n\n: comment\n\nevent: done\ndata:\n\n';
    const ok = streamThrough([body], { protocol: 'sse', contentType: 'text/event-stream' });
    expect(await ok.done).toMatchObject({ content: 'Hithere', status: 'done' });

    const failing = streamThrough(['data: so far\n\nevent: error\ndata: model exploded\n\n'], {
      protocol: 'sse',
      contentType: 'text/event-stream',
    });
    expect(await failing.done).toMatchObject({ content: 'so far', status: 'error' });
    expect(failing.chat.getSnapshot().error).toMatchObject({ kind: 'server', message: 'model exploded' });
  });

  it('sse: the end of the body also finishes (the seed server ends by closing)', async () => {
    const { done } = streamThrough(['event: token\ndata: a\n\nevent: token\ndata: b\n\n'], {
      protocol: 'sse',
      contentType: 'text/event-stream',
    });
    expect(await done).toMatchObject({ content: 'ab', status: 'done' });
  });

  it("ndjson reads Ollama's /api/chat and /api/generate streams as they are", async () => {
    const chatStream = [
      '{"model":"llama3.2","created_at":"2023-08-04T08:52:19.385406455-07:00","message":{"role":"assistant","content":"The"},"done":false}',
      '{"model":"llama3.2","created_at":"2023-08-04T08:52:19.385406455-07:00","message":{"role":"assistant","content":" sky"},"done":false}',
      '{"model":"llama3.2","created_at":"2023-08-04T19:22:45.499127Z","message":{"role":"assistant","content":""},"done":true,"total_duration":4883583458}',
      '',
    ].join('\n');
    const generate = '{"model":"llama3.2","response":"The","done":false}\n{"model":"llama3.2","response":" sky","done":false}\n{"model":"llama3.2","response":"","done":true}\n';
    for (const body of [chatStream, generate]) {
      const { done } = streamThrough([body], { protocol: 'ndjson' });
      expect(await done).toMatchObject({ content: 'The sky', status: 'done' });
    }
  });

  it('ndjson: strings are tokens, the first string field wins, an error field is a server error', async () => {
    const ok = streamThrough(['"a"\n{"text":"b","content":"x"}\n{"delta":"c"}\n{"token":"d"}\n{"content":"e"}'], {
      protocol: 'ndjson',
    });
    expect(await ok.done).toMatchObject({ content: 'abcde', status: 'done' });

    const failing = streamThrough(['{"content":"kept"}\n{"error":{"message":"rate limited"}}\n'], { protocol: 'ndjson' });
    expect(await failing.done).toMatchObject({ content: 'kept', status: 'error' });
    expect(failing.chat.getSnapshot().error).toMatchObject({ kind: 'server', message: 'rate limited' });
  });

  it.each([
    ['text/event-stream', 'data: x\n\nevent: done\ndata:\n\n', 'x'],
    ['text/event-stream; charset=utf-8', 'data: y\n\n', 'y'],
    ['application/x-ndjson', '{"content":"z"}\n', 'z'],
    ['application/jsonl', '"w"\n', 'w'],
    ['text/plain; charset=utf-8', 'data: raw', 'data: raw'],
    ['application/octet-stream', 'bytes', 'bytes'],
  ])('auto picks by Content-Type %s', async (contentType, body, content) => {
    const { done } = streamThrough([body], { contentType });
    expect(await done).toMatchObject({ content, status: 'done' });
  });
});

const wire: WireProtocol[] = ['text', 'sse', 'ndjson', 'openai', 'anthropic'];
const contentTypes: Record<WireProtocol, string> = {
  text: 'text/plain; charset=utf-8',
  sse: 'text/event-stream',
  ndjson: 'application/x-ndjson',
  openai: 'text/event-stream',
  anthropic: 'text/event-stream',
};
// SSE cannot carry a CR inside a value, and an empty token has nothing to carry.
const token = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).map((text) => text.replace(/\r/g, ' '));

describe.each(wire)('%s through the whole engine', (protocol) => {
  it('the final content is exactly the joined tokens, whatever the byte boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(token, { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.integer({ min: 1, max: 64 }),
        async (tokens, cuts, bufferSize) => {
          const bytes = utf8(encodeStream(protocol, tokens));
          if (bytes.length === 0) return;
          const chunks = splitBytes(bytes, cuts.map((cut) => cut % (bytes.length + 1)));
          const { done, chat } = streamThrough(chunks, { protocol, contentType: contentTypes[protocol], bufferSize });
          const message = await done;
          expect(chat.getSnapshot().error).toBeUndefined();
          expect(message).toMatchObject({ status: 'done', content: tokens.join('') });
        },
      ),
      { numRuns: 60 },
    );
  });
});
