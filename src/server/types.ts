import type { StreamChunk } from '../core/parts/chunks.js';

/** One Server-Sent Event. `data` may span lines; `event` and `id` must not. */
export interface ServerEvent {
  /** The event type. Default: none, which clients read as `message`. */
  event?: string;
  data: string;
  id?: string;
}

/** What a source yields: a string is sent as a `data` event. */
export type ServerEventInput = string | ServerEvent;

/**
 * What a stream reads: an async iterable, or a function that returns one. The function's
 * signal aborts when the client disconnects or `options.signal` aborts; pass it to the upstream
 * call (e.g. `fetch(url, { signal })`) so that call stops too.
 */
export type StreamSource<T> = AsyncIterable<T> | ((signal: AbortSignal) => AsyncIterable<T>);

/** What `eventStream` reads. */
export type ServerEventSource = StreamSource<ServerEventInput>;

/**
 * The chunks of the AI SDK UI message stream (v1) that frame a message rather than fill it.
 * A source may yield them (say, to pass a `messageId` or metadata); `uiMessageStream` sends
 * `start` and `finish` itself when the source does not.
 */
export type UIMessageControlChunk =
  | { type: 'start'; messageId?: string; messageMetadata?: unknown }
  | { type: 'finish'; finishReason?: string; messageMetadata?: unknown }
  | { type: 'start-step' }
  | { type: 'finish-step' }
  | { type: 'message-metadata'; messageMetadata: unknown }
  | { type: 'error'; errorText: string }
  | { type: 'abort'; reason?: string };

/** What a `uiMessageStream` source yields: a string is a text delta; a chunk is sent as it is. */
export type UIMessageInput = string | StreamChunk | UIMessageControlChunk;

/** What `uiMessageStream` reads. */
export type UIMessageSource = StreamSource<UIMessageInput>;

export interface EventStreamOptions {
  /** Ends the stream early: the source is aborted and returned, the body closes. Default: none. */
  signal?: AbortSignal;
  /**
   * While the source is silent this long, a `: heartbeat` comment is sent (only while the
   * consumer is waiting for data), so proxies and client idle timers see a live connection.
   * `0` turns heartbeats off. Default `15_000`.
   */
  heartbeatMs?: number;
  /**
   * The text of the error sent when the source throws (the `event: error` frame, or the UI
   * message stream's `error` chunk). Default: the error's `message`. Override it to keep
   * internal details (upstream URLs, keys in messages) private.
   */
  errorMessage?: (error: unknown) => string;
}

/** `uiMessageStream`'s options: the same as `eventStream`'s. */
export type UIMessageStreamOptions = EventStreamOptions;
