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

/** The chat's status: that of the latest exchange. */
export type ChatStatus = 'idle' | 'connecting' | 'streaming' | 'done' | 'cancelled' | 'error';

/** Why a request was aborted. `timeout` ends as an error; the others end as `cancelled`. */
export type AbortReason = 'user' | 'unmount' | 'superseded' | 'timeout';

/** What one request measured. Times are milliseconds from the request's start. */
export interface StreamStats {
  bytesReceived: number;
  tokensReceived: number;
  /** Network chunks read from the body. */
  chunks: number;
  /** Times the buffered tokens were moved into the message (at most one per frame). */
  flushes: number;
  /** Tokens received but not yet rendered, right now. */
  bufferedTokens: number;
  /** The most tokens that ever waited in the render buffer. */
  bufferHighWater: number;
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
}

export interface RequestContext {
  /** The conversation so far, including the new user message. */
  messages: ChatMessage[];
  /** The new user message's text. */
  input: string;
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
  /** The most tokens received but not yet rendered; reading stops while it is full. Default 100. */
  bufferSize?: number;
  /** No bytes for this long ends the request with a `timeout` error. Default: none. */
  idleTimeoutMs?: number;
  /** The longest SSE or NDJSON line accepted, in characters. Default 1 MiB. */
  maxLineLength?: number;
  initialMessages?: ChatMessage[];
  /** Called for every token as it is decoded, before it is rendered. Keep it cheap. */
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
