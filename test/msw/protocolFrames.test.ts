// @vitest-environment node
import fc from 'fast-check';
import { encodeStream, protocolFrames, tokenize, wireProtocols } from 'react-streaming-chat/msw';

// The vendors' frames, copied from their public API docs (ids, model and counts made up).
const OPENAI_ROLE =
  'data: {"id":"chatcmpl-mock","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n';
const openAIToken = (json: string) =>
  `data: {"id":"chatcmpl-mock","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":${json}},"logprobs":null,"finish_reason":null}]}\n\n`;
const OPENAI_END =
  'data: {"id":"chatcmpl-mock","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n';

const ANTHROPIC_OPEN =
  'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_mock","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}\n\n' +
  'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
  'event: ping\ndata: {"type": "ping"}\n\n';
const anthropicToken = (json: string) =>
  `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${json}}}\n\n`;
const ANTHROPIC_END =
  'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
  'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}\n\n' +
  'event: message_stop\ndata: {"type":"message_stop"}\n\n';

describe('protocolFrames', () => {
  it('lists every wire protocol', () => {
    expect([...wireProtocols].sort()).toEqual(Object.keys(protocolFrames).sort());
  });

  it('text: the body is the tokens, nothing around them', () => {
    const { text } = protocolFrames;
    expect(text.contentType).toBe('text/plain; charset=utf-8');
    expect(text.open + text.token('Hi ') + text.token('there') + text.end).toBe('Hi there');
    expect(text.error).toBeNull();
    expect(text.malformed).toBeNull();
  });

  it('sse: one unnamed event per token, a multi-line token as several data lines, then event: done', () => {
    const { sse } = protocolFrames;
    expect(sse.contentType).toBe('text/event-stream');
    expect(sse.open).toBe('');
    expect(sse.token('Hello')).toBe('data: Hello\n\n');
    expect(sse.token(' leading space')).toBe('data:  leading space\n\n');
    expect(sse.token('a\nb\n')).toBe('data: a\ndata: b\ndata: \n\n');
    expect(sse.end).toBe('event: done\ndata:\n\n');
    expect(sse.error('Boom')).toBe('event: error\ndata: Boom\n\n');
    expect(sse.malformed).toBe('event: error\ndata: malformed frame\n\n');
  });

  it('ndjson: one {"content"} object per line, {"done":true} at the end', () => {
    const { ndjson } = protocolFrames;
    expect(ndjson.contentType).toBe('application/x-ndjson');
    expect(ndjson.token('say "hi"\n')).toBe('{"content":"say \\"hi\\"\\n"}\n');
    expect(ndjson.end).toBe('{"done":true}\n');
    expect(ndjson.error('Boom')).toBe('{"error":"Boom"}\n');
    expect(ndjson.malformed).toBe('{"content": "oops\n');
    expect(() => JSON.parse(ndjson.malformed)).toThrow();
  });

  it("openai: chat.completion.chunk events as OpenAI's docs show them, then [DONE]", () => {
    const { openai } = protocolFrames;
    expect(openai.contentType).toBe('text/event-stream');
    expect(openai.open).toBe(OPENAI_ROLE);
    expect(openai.token('Hi "you"')).toBe(openAIToken('"Hi \\"you\\""'));
    expect(openai.end).toBe(OPENAI_END);
    expect(openai.error('Boom')).toBe('data: {"error":{"message":"Boom","type":"server_error"}}\n\n');
    expect(openai.malformed).toBe('data: {"choices": [\n\n');
  });

  it("anthropic: Messages API events as Anthropic's docs show them, from message_start to message_stop", () => {
    const { anthropic } = protocolFrames;
    expect(anthropic.contentType).toBe('text/event-stream');
    expect(anthropic.open).toBe(ANTHROPIC_OPEN);
    expect(anthropic.token('Hi\n')).toBe(anthropicToken('"Hi\\n"'));
    expect(anthropic.end).toBe(ANTHROPIC_END);
    expect(anthropic.error()).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
    );
    expect(anthropic.malformed).toBe('event: content_block_delta\ndata: {"type":\n\n');
  });

  it('openai-responses: typed Responses API events, one message item, then response.completed', () => {
    const frames = protocolFrames['openai-responses'];
    const response = (status: string) =>
      `{"id":"resp_mock","object":"response","created_at":1700000000,"status":"${status}","model":"gpt-4.1-mini","output":[]}`;
    expect(frames.contentType).toBe('text/event-stream');
    expect(frames.open).toBe(
      `event: response.created\ndata: {"type":"response.created","response":${response('in_progress')}}\n\n` +
        'event: response.output_item.added\ndata: {"type":"response.output_item.added","output_index":0,"item":{"id":"msg_mock","type":"message","status":"in_progress","content":[],"role":"assistant"}}\n\n' +
        'event: response.content_part.added\ndata: {"type":"response.content_part.added","item_id":"msg_mock","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"text":""}}\n\n',
    );
    expect(frames.token('Hi\n')).toBe(
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","item_id":"msg_mock","output_index":0,"content_index":0,"delta":"Hi\\n"}\n\n',
    );
    expect(frames.end).toBe(`event: response.completed\ndata: {"type":"response.completed","response":${response('completed')}}\n\n`);
    expect(frames.error('Boom')).toBe('event: error\ndata: {"type":"error","code":"server_error","message":"Boom","param":null}\n\n');
  });

  it('ai-sdk: the UI message stream, one text part between start and finish, then [DONE]', () => {
    const frames = protocolFrames['ai-sdk'];
    expect(frames.contentType).toBe('text/event-stream');
    expect(frames.open).toBe('data: {"type":"start"}\n\ndata: {"type":"text-start","id":"text-1"}\n\n');
    expect(frames.token('a "b"')).toBe('data: {"type":"text-delta","id":"text-1","delta":"a \\"b\\""}\n\n');
    expect(frames.end).toBe('data: {"type":"text-end","id":"text-1"}\n\ndata: {"type":"finish"}\n\ndata: [DONE]\n\n');
    expect(frames.error('Boom')).toBe('data: {"type":"error","errorText":"Boom"}\n\ndata: [DONE]\n\n');
    expect(frames.malformed).toBe('data: {"type":\n\n');
  });

  it('encodeStream is the opening, every token, then the ending', () => {
    expect(encodeStream('openai', ['a', 'b'])).toBe(OPENAI_ROLE + openAIToken('"a"') + openAIToken('"b"') + OPENAI_END);
    expect(encodeStream('ndjson', [])).toBe('{"done":true}\n');
    expect(encodeStream('text', ['x', 'y'])).toBe('xy');
  });
});

describe('tokenize', () => {
  it('splits into words with their trailing whitespace', () => {
    expect(tokenize('Hi there!\n')).toEqual(['Hi ', 'there!\n']);
    expect(tokenize('  two  spaces ')).toEqual(['  ', 'two  ', 'spaces ']);
    expect(tokenize('')).toEqual([]);
  });

  it('loses nothing: join("") gives the text back, and no token is empty', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const tokens = tokenize(text);
        expect(tokens.join('')).toBe(text);
        expect(tokens.every((token) => token.length > 0)).toBe(true);
      }),
    );
  });
});
