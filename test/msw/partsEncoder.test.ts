// @vitest-environment node
import { encodeParts, partsEncoder, protocolFrames, type MockReplyChunk } from 'react-streaming-chat/msw';

// One reply with every kind of chunk. The expected wires below are spelled out by hand, in the
// shapes of each provider's API reference (ids, models and counts made up).
const SCRIPT: MockReplyChunk[] = [
  { type: 'reasoning-delta', delta: 'Hm' },
  'Hi ',
  '"you"',
  { type: 'tool-input-start', toolCallId: 'c1', toolName: 'f' },
  { type: 'tool-input-delta', toolCallId: 'c1', inputTextDelta: '{"a":' },
  { type: 'tool-input-delta', toolCallId: 'c1', inputTextDelta: '1}' },
  { type: 'tool-input-available', toolCallId: 'c1', toolName: 'f', input: { a: 1 } },
  { type: 'tool-output-available', toolCallId: 'c1', output: 2 },
  { type: 'source-url', sourceId: 's1', url: 'https://example.com' },
  { type: 'data-x', data: [1] },
  '!',
];

const data = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
const typed = (value: { type: string } & Record<string, unknown>) => `event: ${value.type}\n${data(value)}`;
const chat = (delta: unknown, finish: string | null = null) =>
  data({ id: 'chatcmpl-mock', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o-mini', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
const ollama = (message: Record<string, unknown>, done = false, extra = {}) =>
  `${JSON.stringify({ model: 'llama3.2', created_at: '2025-01-01T00:00:00.000000Z', message: { role: 'assistant', content: '', ...message }, done, ...extra })}\n`;

describe('encodeParts: a scripted reply in each wire', () => {
  it('text: the text deltas only', () => {
    expect(encodeParts('text', SCRIPT)).toBe('Hi "you"!');
  });

  it('sse: text as data events, reasoning as event: reasoning, then event: done', () => {
    expect(encodeParts('sse', SCRIPT)).toBe('event: reasoning\ndata: Hm\n\ndata: Hi \n\ndata: "you"\n\ndata: !\n\nevent: done\ndata:\n\n');
  });

  it("ndjson: Ollama's /api/chat lines, the tool call whole once its input is complete", () => {
    expect(encodeParts('ndjson', SCRIPT)).toBe(
      ollama({ thinking: 'Hm' }) +
        ollama({ content: 'Hi ' }) +
        ollama({ content: '"you"' }) +
        ollama({ tool_calls: [{ function: { name: 'f', arguments: { a: 1 } } }] }) +
        ollama({ content: '!' }) +
        ollama({}, true, { done_reason: 'stop', total_duration: 1000000, eval_count: 15 }),
    );
  });

  it('openai: content, reasoning_content and tool_calls deltas (id and name first, then argument pieces), finish_reason tool_calls, [DONE]', () => {
    expect(encodeParts('openai', SCRIPT)).toBe(
      chat({ role: 'assistant', content: '' }) +
        chat({ reasoning_content: 'Hm' }) +
        chat({ content: 'Hi ' }) +
        chat({ content: '"you"' }) +
        chat({ tool_calls: [{ index: 0, id: 'c1', type: 'function', function: { name: 'f', arguments: '' } }] }) +
        chat({ tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] }) +
        chat({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }) +
        chat({ content: '!' }) +
        chat({}, 'tool_calls') +
        'data: [DONE]\n\n',
    );
  });

  it('openai-responses: output items with their deltas and done events, then response.completed with every item', () => {
    const response = (status: string, output: unknown[]) => ({ id: 'resp_mock', object: 'response', created_at: 1700000000, status, model: 'gpt-4.1-mini', output });
    const reasoning = { id: 'rs_mock_0', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Hm' }] };
    const hi = { type: 'output_text', annotations: [], text: 'Hi "you"' };
    const message = (id: string, index: number, part: typeof hi) => [
      typed({ type: 'response.output_item.added', output_index: index, item: { id, type: 'message', status: 'in_progress', content: [], role: 'assistant' } }),
      typed({ type: 'response.content_part.added', item_id: id, output_index: index, content_index: 0, part: { ...part, text: '' } }),
    ];
    const call = { id: 'fc_mock_2', type: 'function_call', status: 'in_progress', arguments: '', call_id: 'c1', name: 'f' };
    const bang = { ...hi, text: '!' };
    const done = (id: string, index: number, part: typeof hi) => [
      typed({ type: 'response.output_text.done', item_id: id, output_index: index, content_index: 0, text: part.text }),
      typed({ type: 'response.content_part.done', item_id: id, output_index: index, content_index: 0, part }),
      typed({ type: 'response.output_item.done', output_index: index, item: { id, type: 'message', status: 'completed', content: [part], role: 'assistant' } }),
    ];
    const delta = (id: string, index: number, text: string) =>
      typed({ type: 'response.output_text.delta', item_id: id, output_index: index, content_index: 0, delta: text });
    expect(encodeParts('openai-responses', SCRIPT)).toBe(
      [
        typed({ type: 'response.created', response: response('in_progress', []) }),
        typed({ type: 'response.in_progress', response: response('in_progress', []) }),
        typed({ type: 'response.output_item.added', output_index: 0, item: { id: 'rs_mock_0', type: 'reasoning', summary: [] } }),
        typed({ type: 'response.reasoning_summary_part.added', item_id: 'rs_mock_0', output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' } }),
        typed({ type: 'response.reasoning_summary_text.delta', item_id: 'rs_mock_0', output_index: 0, summary_index: 0, delta: 'Hm' }),
        typed({ type: 'response.reasoning_summary_text.done', item_id: 'rs_mock_0', output_index: 0, summary_index: 0, text: 'Hm' }),
        typed({ type: 'response.reasoning_summary_part.done', item_id: 'rs_mock_0', output_index: 0, summary_index: 0, part: { type: 'summary_text', text: 'Hm' } }),
        typed({ type: 'response.output_item.done', output_index: 0, item: reasoning }),
        ...message('msg_mock_1', 1, hi),
        delta('msg_mock_1', 1, 'Hi '),
        delta('msg_mock_1', 1, '"you"'),
        ...done('msg_mock_1', 1, hi),
        typed({ type: 'response.output_item.added', output_index: 2, item: call }),
        typed({ type: 'response.function_call_arguments.delta', item_id: 'fc_mock_2', output_index: 2, delta: '{"a":' }),
        typed({ type: 'response.function_call_arguments.delta', item_id: 'fc_mock_2', output_index: 2, delta: '1}' }),
        typed({ type: 'response.function_call_arguments.done', item_id: 'fc_mock_2', output_index: 2, arguments: '{"a":1}' }),
        typed({ type: 'response.output_item.done', output_index: 2, item: { ...call, status: 'completed', arguments: '{"a":1}' } }),
        ...message('msg_mock_3', 3, bang),
        delta('msg_mock_3', 3, '!'),
        ...done('msg_mock_3', 3, bang),
        typed({
          type: 'response.completed',
          response: response('completed', [
            reasoning,
            { id: 'msg_mock_1', type: 'message', status: 'completed', content: [hi], role: 'assistant' },
            { ...call, status: 'completed', arguments: '{"a":1}' },
            { id: 'msg_mock_3', type: 'message', status: 'completed', content: [bang], role: 'assistant' },
          ]),
        }),
      ].join(''),
    );
  });

  it('anthropic: thinking, text and tool_use content blocks with their deltas, a ping, stop_reason tool_use', () => {
    const start = (index: number, block: unknown) => typed({ type: 'content_block_start', index, content_block: block });
    const delta = (index: number, value: unknown) => typed({ type: 'content_block_delta', index, delta: value });
    const stop = (index: number) => typed({ type: 'content_block_stop', index });
    expect(encodeParts('anthropic', SCRIPT)).toBe(
      typed({
        type: 'message_start',
        message: { id: 'msg_mock', type: 'message', role: 'assistant', content: [], model: 'claude-sonnet-4-5', stop_reason: null, stop_sequence: null, usage: { input_tokens: 25, output_tokens: 1 } },
      }) +
        start(0, { type: 'thinking', thinking: '' }) +
        'event: ping\ndata: {"type": "ping"}\n\n' +
        delta(0, { type: 'thinking_delta', thinking: 'Hm' }) +
        delta(0, { type: 'signature_delta', signature: 'EqQBCgIYAhIMmock' }) +
        stop(0) +
        start(1, { type: 'text', text: '' }) +
        delta(1, { type: 'text_delta', text: 'Hi ' }) +
        delta(1, { type: 'text_delta', text: '"you"' }) +
        stop(1) +
        start(2, { type: 'tool_use', id: 'c1', name: 'f', input: {} }) +
        delta(2, { type: 'input_json_delta', partial_json: '{"a":' }) +
        delta(2, { type: 'input_json_delta', partial_json: '1}' }) +
        stop(2) +
        start(3, { type: 'text', text: '' }) +
        delta(3, { type: 'text_delta', text: '!' }) +
        stop(3) +
        typed({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 15 } }) +
        typed({ type: 'message_stop' }),
    );
  });

  it('ai-sdk: every chunk, text and reasoning wrapped in parts with ids, between start and finish, then [DONE]', () => {
    expect(encodeParts('ai-sdk', SCRIPT)).toBe(
      [
        { type: 'start' },
        { type: 'reasoning-start', id: 'reasoning-1' },
        { type: 'reasoning-delta', id: 'reasoning-1', delta: 'Hm' },
        { type: 'reasoning-end', id: 'reasoning-1' },
        { type: 'text-start', id: 'text-2' },
        { type: 'text-delta', id: 'text-2', delta: 'Hi ' },
        { type: 'text-delta', id: 'text-2', delta: '"you"' },
        { type: 'text-end', id: 'text-2' },
        ...SCRIPT.slice(3, 10),
        { type: 'text-start', id: 'text-3' },
        { type: 'text-delta', id: 'text-3', delta: '!' },
        { type: 'text-end', id: 'text-3' },
        { type: 'finish' },
      ]
        .map(data)
        .join('') + 'data: [DONE]\n\n',
    );
  });
});

describe('partsEncoder: tool calls the script does not stream', () => {
  const whole: MockReplyChunk[] = [{ type: 'tool-input-available', toolCallId: 'c9', toolName: 'g', input: { b: [true] } }];

  it('openai: the first sight, then the arguments in one piece', () => {
    expect(encodeParts('openai', whole)).toBe(
      chat({ role: 'assistant', content: '' }) +
        chat({ tool_calls: [{ index: 0, id: 'c9', type: 'function', function: { name: 'g', arguments: '' } }] }) +
        chat({ tool_calls: [{ index: 0, function: { arguments: '{"b":[true]}' } }] }) +
        chat({}, 'tool_calls') +
        'data: [DONE]\n\n',
    );
  });

  it('anthropic: a tool_use block with the whole input as one input_json_delta', () => {
    const wire = encodeParts('anthropic', whole);
    expect(wire).toContain(typed({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'c9', name: 'g', input: {} } }));
    expect(wire).toContain(typed({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"b":[true]}' } }));
    expect(wire).toContain(typed({ type: 'content_block_stop', index: 0 }));
  });

  it('openai-responses: a function_call item whose arguments arrive in one delta', () => {
    const wire = encodeParts('openai-responses', whole);
    expect(wire).toContain(typed({ type: 'response.function_call_arguments.delta', item_id: 'fc_mock_0', output_index: 0, delta: '{"b":[true]}' }));
    expect(wire).toContain(typed({ type: 'response.function_call_arguments.done', item_id: 'fc_mock_0', output_index: 0, arguments: '{"b":[true]}' }));
  });
});

describe('partsEncoder', () => {
  it('is fresh per reply: a second encoder starts its blocks and tool indexes over', () => {
    const first = partsEncoder('anthropic');
    first.chunk('a');
    const second = partsEncoder('anthropic');
    expect(second.chunk('b')).toContain('"index":0');
  });

  it('gives the same content types as the token frames', () => {
    for (const protocol of Object.keys(protocolFrames) as (keyof typeof protocolFrames)[]) {
      expect(partsEncoder(protocol).contentType).toBe(protocolFrames[protocol].contentType);
    }
  });

  it('writes nothing for an empty delta, and nothing but the ending for an empty script', () => {
    expect(encodeParts('sse', ['', { type: 'reasoning-delta', delta: '' }])).toBe('event: done\ndata:\n\n');
    expect(encodeParts('anthropic', [''])).not.toContain('content_block_start');
  });
});
