import type { StreamError } from './errors.js';
import type { FrameScheduler } from './frameScheduler.js';
import type { MessagePart } from './parts/messagePart.js';
import type { ProtocolOption } from './protocols/streamProtocol.js';

export type ChatRole = 'user' | 'assistant' | 'system';

/** A message's lifecycle: user messages are `done`; an assistant message streams, then ends. */
export type MessageStatus = 'streaming' | 'done' | 'cancelled' | 'error';

export interface ChatMessage {
  id: string;
  role: ChatRole;
  /** The concatenation of the text parts (not reasoning). */
  content: string;
  /** Text, reasoning, tool calls, sources and data, in the order their first chunk arrived. */
  parts: MessagePart[];
  status: MessageStatus;
  /** Set when the reply came from a resumable stream (`x-stream-id`). */
  streamId?: string;
}

/** A message given to the chat, e.g. restored from storage: `parts` may be omitted. */
export type InitialMessage = Omit<ChatMessage, 'parts'> & { parts?: MessagePart[] };

/** The chat's status: that of the latest exchange. */
export type ChatStatus = 'idle' | 'connecting' | 'streaming' | 'done' | 'cancelled' | 'error';

/**
 * Why a request was aborted. `timeout` ends as an error; the others end as `cancelled`.
 * `stopped`: the server stopped a resumable stream (a Stop in another tab or instance).
 */
export type AbortReason = 'user' | 'unmount' | 'superseded' | 'timeout' | 'stopped';

/** What one request measured. Times are milliseconds from the request's start. */
export interface StreamStats {
  bytesReceived: number;
  tokensReceived: number;
  /** Network chunks read from the body. */
  chunks: number;
  /** Times the buffered tokens were moved into the message (at most one per frame). */
  flushes: number;
  /** Chunks received but not yet rendered, as the last flush found them. */
  bufferedTokens: number;
  /** The most chunks that ever waited in the render buffer. */
  bufferHighWater: number;
  /**
   * The chunks the render buffer may hold now: it starts at `bufferSize` and adapts to how fast
   * frames render (see `ChatOptions.bufferSize`).
   */
  renderBudget: number;
  /** Times the read loop stopped reading because the render buffer was full. */
  backpressureWaits: number;
  /** Total time the read loop spent stopped by backpressure. */
  backpressureMs: number;
  timeToFirstByteMs: number | undefined;
  timeToFirstTokenMs: number | undefined;
  /** Rendered characters (content length) of the streaming message. */
  charsRendered: number;
  tokensPerSecond: number;
  elapsedMs: number;
  /** Times a resumable stream was reconnected after a drop. */
  reconnects: number;
}

export interface RequestContext {
  /** The conversation so far, including the new user message. */
  messages: ChatMessage[];
  /** The new user message's text. */
  input: string;
}

/** What `prepareResumeRequest` and `prepareStopRequest` are given. */
export interface ResumeContext {
  streamId: string;
  /** The last SSE event id received (none for `chat.resume`, which reads from the start). */
  lastEventId: string | undefined;
}

export interface PreparedRequest {
  url?: string;
  init?: RequestInit;
}

export interface ChatOptions {
  /** The endpoint. Default request: POST with JSON `{ messages: [{ role, content }], ...body }`. */
  api: string;
  /** Extra JSON fields merged into the default request body. */
  body?: Record<string, unknown>;
  /** Extra request headers. */
  headers?: HeadersInit;
  /** The fetch to use. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Full control over the request; its `init` replaces the defaults (a GET has no body). */
  prepareRequest?: (context: RequestContext) => PreparedRequest;
  /** How the body is decoded into tokens. Default `'auto'` (by Content-Type). */
  protocol?: ProtocolOption;
  /**
   * The render budget's floor: chunks received but not yet rendered, past which reading stops.
   * The budget starts here, grows while frames render well inside their time, falls back when
   * they don't, and drops back here when frames stop coming. Default 100.
   */
  bufferSize?: number;
  /** The budget's hard cap in buffered text (UTF-16 code units; bytes for ASCII). Default 1 MiB. */
  maxBufferBytes?: number;
  /** No bytes for this long ends the request with a `timeout` error. Default: none. */
  idleTimeoutMs?: number;
  /** The longest SSE or NDJSON line accepted, in characters. Default 1 MiB. */
  maxLineLength?: number;
  /** The conversation to start with; `parts` may be omitted (one text part from `content`). */
  initialMessages?: InitialMessage[];
  /**
   * Resumable streams (a response with `x-stream-id`): reconnects after a drop, each a GET of
   * `{api}/{streamId}` with `Last-Event-ID`. Default 3; 0 turns reconnecting off.
   */
  reconnect?: number;
  /**
   * What unmounting does to a resumable stream: `'stop'` (default) sends the DELETE that stops
   * the model; `'detach'` only closes the connection, so `chat.resume(streamId)` can pick it up.
   */
  onUnmount?: 'stop' | 'detach';
  /** The reconnect / resume request. Default: GET `{api}/{streamId}` with `Last-Event-ID`. */
  prepareResumeRequest?: (context: ResumeContext) => PreparedRequest;
  /** The stop request. Default: DELETE `{api}/{streamId}` with `keepalive`. */
  prepareStopRequest?: (context: ResumeContext) => PreparedRequest;
  /** Called for every text delta as it is decoded, before it is rendered. Keep it cheap. */
  onToken?: (token: string) => void;
  onFinish?: (message: ChatMessage) => void;
  onError?: (error: StreamError, message: ChatMessage) => void;
  onCancel?: (reason: AbortReason, message: ChatMessage) => void;
  /** When buffered tokens are moved into the message. Default: once per animation frame. */
  scheduler?: FrameScheduler;
}

export interface ChatSnapshot {
  messages: ChatMessage[];
  status: ChatStatus;
  error: StreamError | undefined;
  stats: StreamStats;
  /** True while a request is connecting or streaming. */
  isStreaming: boolean;
}
