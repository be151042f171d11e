/**
 * What real streaming servers put on the wire, one protocol at a time.
 *
 * Framework-free (strings only, no msw), so tests of the client can use these encoders as
 * "what a real server sends" and the mock handler can share them.
 */

import {
  ANTHROPIC_MESSAGE_START,
  ANTHROPIC_PING,
  jsonData,
  openAIChunk,
  responsesResponse,
  sseEvent,
  typedEvent,
} from './sseFrames.js';

/**
 * The wire protocols the mock server can speak: this kit's `text` and `sse`, Ollama's NDJSON,
 * OpenAI chat completions, the OpenAI Responses API, Anthropic's Messages API and the AI SDK's
 * UI message stream (read by `ndjson()`, `openaiChat()`, `openaiResponses()`, `anthropic()` and
 * `aiSdk()` on the client).
 */
export type WireProtocol = 'text' | 'sse' | 'ndjson' | 'openai' | 'openai-responses' | 'anthropic' | 'ai-sdk';

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
export const wireProtocols: readonly WireProtocol[] = ['text', 'sse', 'ndjson', 'openai', 'openai-responses', 'anthropic', 'ai-sdk'];

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
    ANTHROPIC_MESSAGE_START +
    typedEvent({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
    ANTHROPIC_PING,
  token: (token: string) =>
    typedEvent({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: token } }),
  end:
    typedEvent({ type: 'content_block_stop', index: 0 }) +
    typedEvent({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 15 },
    }) +
    typedEvent({ type: 'message_stop' }),
  error: (message = 'Overloaded') =>
    typedEvent({ type: 'error', error: { type: 'overloaded_error', message } }),
  malformed: 'event: content_block_delta\ndata: {"type":\n\n',
} as const satisfies ProtocolFrames;

const RESPONSES_MESSAGE = { id: 'msg_mock', type: 'message', status: 'in_progress', content: [], role: 'assistant' };

/**
 * OpenAI Responses API streaming: typed events from `response.created` to `response.completed`,
 * the text in one message item. (These token frames skip the `.done` events that repeat the
 * whole text, which a stateless frame cannot know; `encodeParts` writes them. Neither writes
 * `sequence_number`.)
 */
const openaiResponses = {
  contentType: 'text/event-stream',
  open:
    typedEvent({ type: 'response.created', response: responsesResponse('in_progress', []) }) +
    typedEvent({ type: 'response.output_item.added', output_index: 0, item: RESPONSES_MESSAGE }) +
    typedEvent({
      type: 'response.content_part.added',
      item_id: 'msg_mock',
      output_index: 0,
      content_index: 0,
      part: { type: 'output_text', annotations: [], text: '' },
    }),
  token: (token: string) =>
    typedEvent({ type: 'response.output_text.delta', item_id: 'msg_mock', output_index: 0, content_index: 0, delta: token }),
  end: typedEvent({ type: 'response.completed', response: responsesResponse('completed', []) }),
  error: (message = 'The server had an error while processing your request.') =>
    typedEvent({ type: 'error', code: 'server_error', message, param: null }),
  malformed: 'event: response.output_text.delta\ndata: {"type":\n\n',
} as const satisfies ProtocolFrames;

/**
 * The AI SDK UI message stream (v1), as `uiMessageStream` from `react-streaming-chat/server`
 * writes it: `start`, one text part (`text-start`, a `text-delta` per token, `text-end`),
 * `finish`, `[DONE]`. An error is an `error` chunk and `[DONE]`.
 */
const aiSdk = {
  contentType: 'text/event-stream',
  open: jsonData({ type: 'start' }) + jsonData({ type: 'text-start', id: 'text-1' }),
  token: (token: string) => jsonData({ type: 'text-delta', id: 'text-1', delta: token }),
  end: jsonData({ type: 'text-end', id: 'text-1' }) + jsonData({ type: 'finish' }) + 'data: [DONE]\n\n',
  error: (message = 'An error occurred.') => jsonData({ type: 'error', errorText: message }) + 'data: [DONE]\n\n',
  malformed: 'data: {"type":\n\n',
} as const satisfies ProtocolFrames;

/**
 * The frames of every wire protocol. Indexed by a literal (`protocolFrames.sse.error(...)`),
 * the nullable members are typed as present; only `text` has no error or malformed frame.
 */
export const protocolFrames = {
  text,
  sse,
  ndjson,
  openai,
  'openai-responses': openaiResponses,
  anthropic,
  'ai-sdk': aiSdk,
} as const;

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
