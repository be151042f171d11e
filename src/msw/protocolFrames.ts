/**
 * What real streaming servers put on the wire, one protocol at a time.
 *
 * Framework-free (strings only, no msw), so tests of the client can use these encoders as
 * "what a real server sends" and the mock handler can share them.
 */

/** The wire protocols the mock server can speak. */
export type WireProtocol = 'text' | 'sse' | 'ndjson' | 'openai' | 'anthropic';

/** The frames one protocol is made of. Every frame is a complete string, ready to encode. */
export interface ProtocolFrames {
  /** The response's `Content-Type`. */
  readonly contentType: string;
  /** Sent before the first token (`''` when the protocol has no preamble). */
  readonly open: string;
  /** One token's frame. */
  token(token: string): string;
  /** Sent after the last token to mark a complete reply (`''` for `text`: the end of body is the end). */
  readonly end: string;
  /**
   * An in-band error frame, or `null` when the protocol has none (`text`).
   * `message` defaults to the protocol's usual error text.
   */
  readonly error: ((message?: string) => string) | null;
  /** A frame the client cannot decode, or `null` when the protocol has none (`text`). */
  readonly malformed: string | null;
}

/** The list of the protocols, in a stable order (handy for `it.each`). */
export const wireProtocols: readonly WireProtocol[] = ['text', 'sse', 'ndjson', 'openai', 'anthropic'];

/**
 * The `data:` lines of one SSE event: a value containing `\n` becomes several `data:` lines,
 * which an SSE parser joins back with `\n`. (A `\r` in a value cannot survive SSE: parsers treat
 * it as a line end. An empty value is a block an SSE parser does not dispatch.)
 */
function sseData(value: string): string {
  return value
    .split('\n')
    .map((line) => `data: ${line}\n`)
    .join('');
}

/** One SSE block: an optional `event:` line, the data lines, a blank line. */
function sseEvent(event: string | undefined, data: string): string {
  return `${event === undefined ? '' : `event: ${event}\n`}${sseData(data)}\n`;
}

/** An OpenAI chat-completion chunk, keys in the order OpenAI sends them. */
function openAIChunk(delta: Record<string, string>, finishReason: string | null): string {
  const chunk = {
    id: 'chatcmpl-mock',
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** An Anthropic Messages API event: `event: <type>` and its JSON payload. */
function anthropicEvent(payload: { type: string } & Record<string, unknown>): string {
  return `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;
}

/** Plain text: the body is the reply. No preamble, no terminal frame, no in-band errors. */
const text = {
  contentType: 'text/plain; charset=utf-8',
  open: '',
  token: (token: string) => token,
  end: '',
  error: null,
  malformed: null,
} as const satisfies ProtocolFrames;

/**
 * Server-Sent Events as this kit's server writes them: each token is an unnamed event,
 * the reply ends with `event: done`, a failure is `event: error`.
 *
 * SSE has hardly anything a parser must reject (short of a line over the client's
 * `maxLineLength`), so `malformed` is an `event: error` frame saying so: a stream the client
 * must not accept as a normal reply.
 */
const sse = {
  contentType: 'text/event-stream',
  open: '',
  token: (token: string) => sseEvent(undefined, token),
  end: 'event: done\ndata:\n\n',
  error: (message = 'Internal server error') => sseEvent('error', message),
  malformed: 'event: error\ndata: malformed frame\n\n',
} as const satisfies ProtocolFrames;

/** Newline-delimited JSON: one `{ "content": token }` per line, `{"done":true}` at the end. */
const ndjson = {
  contentType: 'application/x-ndjson',
  open: '',
  token: (token: string) => `${JSON.stringify({ content: token })}\n`,
  end: '{"done":true}\n',
  error: (message = 'Internal server error') => `${JSON.stringify({ error: message })}\n`,
  malformed: '{"content": "oops\n',
} as const satisfies ProtocolFrames;

/** OpenAI chat completions with `stream: true`: chunks as `data:` events, then `data: [DONE]`. */
const openai = {
  contentType: 'text/event-stream',
  open: openAIChunk({ role: 'assistant', content: '' }, null),
  token: (token: string) => openAIChunk({ content: token }, null),
  end: `${openAIChunk({}, 'stop')}data: [DONE]\n\n`,
  error: (message = 'The server had an error while processing your request.') =>
    `data: ${JSON.stringify({ error: { message, type: 'server_error' } })}\n\n`,
  malformed: 'data: {"choices": [\n\n',
} as const satisfies ProtocolFrames;

/** Anthropic Messages API streaming: named events from `message_start` to `message_stop`. */
const anthropic = {
  contentType: 'text/event-stream',
  open:
    anthropicEvent({
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
    }) +
    anthropicEvent({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
    // Anthropic writes its ping with a space after the colon; kept verbatim.
    'event: ping\ndata: {"type": "ping"}\n\n',
  token: (token: string) =>
    anthropicEvent({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: token } }),
  end:
    anthropicEvent({ type: 'content_block_stop', index: 0 }) +
    anthropicEvent({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 15 },
    }) +
    anthropicEvent({ type: 'message_stop' }),
  error: (message = 'Overloaded') =>
    anthropicEvent({ type: 'error', error: { type: 'overloaded_error', message } }),
  malformed: 'event: content_block_delta\ndata: {"type":\n\n',
} as const satisfies ProtocolFrames;

/**
 * The frames of every wire protocol. Indexed by a literal (`protocolFrames.sse.error(...)`),
 * the nullable members are typed as present; only `text` has no error or malformed frame.
 */
export const protocolFrames = { text, sse, ndjson, openai, anthropic } as const;

/** A whole successful reply: the opening frames, every token's frame, the terminal frame(s). */
export function encodeStream(protocol: WireProtocol, tokens: readonly string[]): string {
  const frames: ProtocolFrames = protocolFrames[protocol];
  return frames.open + tokens.map((token) => frames.token(token)).join('') + frames.end;
}

/**
 * Splits a reply into word-ish tokens, whitespace kept attached to the word before it
 * (leading whitespace is a token of its own), so `tokenize(text).join('') === text` exactly.
 * `tokenize('Hi there!\n')` → `['Hi ', 'there!\n']`; `tokenize('')` → `[]`.
 */
export function tokenize(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}
