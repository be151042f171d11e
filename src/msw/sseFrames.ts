/**
 * The `data:` lines of one SSE event: a value containing `\n` becomes several `data:` lines,
 * which an SSE parser joins back with `\n`. (A `\r` in a value cannot survive SSE: parsers treat
 * it as a line end. An empty value is a block an SSE parser does not dispatch.)
 */
export function sseData(value: string): string {
  return value
    .split('\n')
    .map((line) => `data: ${line}\n`)
    .join('');
}

/** One SSE block: an optional `event:` line, the data lines, a blank line. */
export function sseEvent(event: string | undefined, data: string): string {
  return `${event === undefined ? '' : `event: ${event}\n`}${sseData(data)}\n`;
}

/** An event named after its payload's `type`, as Anthropic and the OpenAI Responses API send them. */
export function typedEvent(payload: { type: string } & Record<string, unknown>): string {
  return `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;
}

/** An unnamed event whose data is one JSON value (OpenAI chat completions, the AI SDK). */
export function jsonData(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

/** An OpenAI chat-completion chunk, keys in the order OpenAI sends them. */
export function openAIChunk(delta: Record<string, unknown>, finishReason: string | null): string {
  return jsonData({
    id: 'chatcmpl-mock',
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
}

/** The Responses API's `response` object, as `response.created` and `response.completed` carry it. */
export function responsesResponse(status: 'in_progress' | 'completed', output: unknown[]): Record<string, unknown> {
  return { id: 'resp_mock', object: 'response', created_at: 1700000000, status, model: 'gpt-4.1-mini', output };
}

/** `message_start` as the Messages API sends it (ids, model and counts made up). */
export const ANTHROPIC_MESSAGE_START = typedEvent({
  type: 'message_start',
  message: {
    id: 'msg_mock',
    type: 'message',
    role: 'assistant',
    content: [],
    model: 'claude-sonnet-4-5',
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 25, output_tokens: 1 },
  },
});

/** Anthropic writes its ping with a space after the colon; kept verbatim. */
export const ANTHROPIC_PING = 'event: ping\ndata: {"type": "ping"}\n\n';
