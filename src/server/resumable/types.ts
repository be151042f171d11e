/** How a resumable stream writes its events: `'sse'` (the `sse` protocol) or `'ui'` (the AI SDK UI message stream). */
export type StreamFormat = 'sse' | 'ui';

/** One event as a log keeps it: the SSE fields but the id, which the store assigns. */
export interface LogEvent {
  event?: string;
  data: string;
}

/** An event read back from a log. */
export interface LoggedEvent extends LogEvent {
  /** Assigned by the store, increasing within a stream: the SSE `id:` a reader resumes after. */
  id: string;
  /** The log's last event (written by `StreamWriter.end`): a reader ends after it. */
  final?: boolean;
}

/** What a stream was started with, kept beside its log. */
export interface StreamInfo {
  format: StreamFormat;
}

/**
 * One read from a log: up to `limit` events after the cursor, and the log's state at that moment.
 * - `live`: the producer is running; more may come.
 * - `ended`: the producer ended the log and there is nothing after the cursor.
 * - `lost`: nothing after the cursor and nothing more will come, but the log was never ended:
 *   its producer died (its lease lapsed) or the log expired.
 */
export interface StreamBatch {
  events: LoggedEvent[];
  state: 'live' | 'ended' | 'lost';
}

/**
 * The producer's handle on a new log. Only one writer appends to a log, so it can count.
 */
export interface StreamWriter {
  /** Aborts when `StreamStore.stop(id)` is called for this stream, on any instance. */
  readonly signal: AbortSignal;
  /**
   * Appends one event. The producer awaits it, so a slow store paces the producer.
   * Rejects with `LogFullError` when the log holds its cap (room for the end stays reserved).
   */
  append(event: LogEvent): Promise<void>;
  /** Appends the closing events (the last one is marked `final`) and releases the writer. */
  end(events: LogEvent[]): Promise<void>;
  /** Whether a reader said it was attached within its last `touch`'s time. */
  hasReader(): Promise<boolean>;
}

/**
 * Where resumable streams keep their logs. Modelled on TanStack AI's `StreamDurability`
 * (append, read from an offset, close): one interface, a memory and a Redis implementation.
 * Ids are opaque to the caller: it passes back only what `read` returned.
 */
export interface StreamStore {
  /** Starts a new log for the producer of `id`. Rejects with `StoreFullError` when the store cannot take it. */
  open(id: string, info: StreamInfo): Promise<StreamWriter>;
  /** What `id` was started with; `undefined` when it is unknown or expired. */
  info(id: string): Promise<StreamInfo | undefined>;
  /** Up to `limit` events after the event `after` (from the start when `undefined`). */
  read(id: string, after: string | undefined, limit: number): Promise<StreamBatch>;
  /**
   * Resolves when there may be events after `after`, the log ended, or `signal` aborted. It may
   * resolve with nothing new (the Redis store re-checks the producer's lease every second), so
   * the caller reads again.
   */
  wait(id: string, after: string | undefined, signal: AbortSignal): Promise<void>;
  /** Asks the producer of `id` to stop, wherever it runs. Does nothing for an unknown or ended stream. */
  stop(id: string): Promise<void>;
  /** Records that a reader is attached to `id` for the next `ms` (see `StreamWriter.hasReader`). */
  touch(id: string, ms: number): Promise<void>;
  /** Releases timers and connections the store opened. */
  close(): Promise<void>;
}
