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
 * What `eventStream` reads: an async iterable, or a function that returns one. The function's
 * signal aborts when the client disconnects or `options.signal` aborts; pass it to the upstream
 * call (e.g. `fetch(url, { signal })`) so that call stops too.
 */
export type ServerEventSource =
  | AsyncIterable<ServerEventInput>
  | ((signal: AbortSignal) => AsyncIterable<ServerEventInput>);

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
   * The text of the `event: error` frame sent when the source throws. Default: the error's
   * `message`. Override it to keep internal details (upstream URLs, keys in messages) private.
   */
  errorMessage?: (error: unknown) => string;
}
