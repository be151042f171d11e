import { EVENT_STREAM_HEADERS } from '../eventStreamHeaders.js';
import { UI_MESSAGE_STREAM_HEADERS } from '../uiMessageFrames.js';
import { logEncoder } from './logEncoder.js';
import { logReader } from './logReader.js';
import { memoryStreamStore } from './memoryStreamStore.js';
import { runProducer, type ResumableSource } from './runProducer.js';
import { StoreFullError } from './storeErrors.js';
import type { StreamFormat, StreamStore, StreamWriter } from './types.js';

export interface ResumableStreamsOptions {
  /** Where the logs live. Default: `memoryStreamStore()` (one process); `redisStreamStore` for many. */
  store?: StreamStore;
  /** A producer with no reader attached for this long is stopped, in ms. Default `60_000`. */
  abandonAfterMs?: number;
  /** While a reader waits this long for the next event it is sent a `: heartbeat` comment. `0` turns them off. Default `15_000`. */
  heartbeatMs?: number;
  /** When set, every response starts with SSE `retry: retryMs`: how long a client waits before it reconnects. Default: not sent. */
  retryMs?: number;
  /** Events per read from the store: the most one reader holds at a time. Default `64`. */
  batchSize?: number;
  /** The text of the error event when the source throws. Default: the error's `message`. */
  errorMessage?: (error: unknown) => string;
}

export interface StartOptions {
  /** `'sse'` (strings and `{ event?, data }`; read with the `sse` protocol) or `'ui'` (chunks; read with `aiSdk()`). Default `'sse'`. */
  format?: StreamFormat;
  /** Heartbeats of this first response. Default: the streams' `heartbeatMs`. */
  heartbeatMs?: number;
}

export interface ResumableStreams {
  /**
   * Starts `source` as a resumable stream: its producer runs detached from this response (a
   * disconnect does not stop it). Resolves with the SSE response, header `x-stream-id`; every
   * event carries an `id:`. 503 when the store is full.
   */
  start(source: ResumableSource, options?: StartOptions): Promise<Response>;
  /**
   * The events of `id` after `lastEventId` (all without it), then the live ones until the end.
   * 204 when `id` is unknown or expired.
   */
  resume(id: string, lastEventId?: string | null, options?: { heartbeatMs?: number }): Promise<Response>;
  /** Stops the producer of `id` wherever it runs; its readers end with `cancelled`. Always 204. */
  stop(id: string): Promise<Response>;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Resumable streams: a reply survives a dropped connection, a reload and (with a shared store)
 * the loss of the instance producing it, and `stop` still stops the model. Check that the user
 * owns the conversation before `resume` or `stop`: a stream id is a capability.
 *
 * @example
 * const streams = createResumableStreams({ store: memoryStreamStore(), abandonAfterMs: 60_000 });
 * // POST {api}:        return streams.start((signal) => callModel(messages, signal), { format: 'sse' });
 * // GET {api}/{id}:    return streams.resume(id, request.headers.get('last-event-id'));
 * // DELETE {api}/{id}: return streams.stop(id);
 */
export function createResumableStreams(options: ResumableStreamsOptions = {}): ResumableStreams {
  const {
    store = memoryStreamStore(),
    abandonAfterMs = 60_000,
    heartbeatMs: defaultHeartbeatMs = 15_000,
    retryMs,
    batchSize = 64,
    errorMessage = messageOf,
  } = options;
  const presence = readerPresence(store, abandonAfterMs);

  const respond = (id: string, format: StreamFormat, after: string | undefined, heartbeatMs = defaultHeartbeatMs): Response => {
    const headers = new Headers(EVENT_STREAM_HEADERS);
    if (format === 'ui') for (const [name, value] of Object.entries(UI_MESSAGE_STREAM_HEADERS)) headers.set(name, value);
    headers.set('x-stream-id', id);
    const body = logReader(store, id, {
      format,
      after,
      heartbeatMs,
      batchSize,
      retryMs,
      onAttach: () => presence.attach(id),
      onDetach: () => presence.detach(id),
    });
    return new Response(body, { status: 200, headers });
  };

  return {
    async start(source, { format = 'sse', heartbeatMs } = {}) {
      const id = globalThis.crypto.randomUUID();
      let writer: StreamWriter;
      try {
        writer = await store.open(id, { format });
      } catch (error) {
        if (!(error instanceof StoreFullError)) throw error;
        return new Response(error.message, { status: 503, headers: { 'retry-after': '5' } });
      }
      await presence.produce(id, writer, runProducer(source, writer, logEncoder(format), errorMessage));
      return respond(id, format, undefined, heartbeatMs);
    },

    async resume(id, lastEventId, { heartbeatMs } = {}) {
      const info = await store.info(id);
      if (!info) return new Response(null, { status: 204 });
      return respond(id, info.format, lastEventId || undefined, heartbeatMs);
    },

    async stop(id) {
      await store.stop(id);
      return new Response(null, { status: 204 });
    },
  };
}

/**
 * Abandonment: readers mark their stream as read (in the store, so across instances) while
 * attached and once more when they leave; a producer whose stream nobody marked for
 * `abandonAfterMs` is stopped. One unref'd timer per instance, only while it has producers or
 * readers.
 */
function readerPresence(store: StreamStore, abandonAfterMs: number) {
  const producers = new Map<string, StreamWriter>();
  const readers = new Map<string, number>();
  const tickMs = Math.max(10, Math.min(abandonAfterMs / 4, 5_000));
  let timer: ReturnType<typeof setInterval> | undefined;
  let ticking = false;

  const touch = (id: string): void => {
    store.touch(id, abandonAfterMs).catch(() => {});
  };
  const tick = async (): Promise<void> => {
    if (ticking) return;
    ticking = true;
    try {
      for (const id of readers.keys()) touch(id);
      for (const [id, writer] of producers) {
        if (readers.has(id) || (await writer.hasReader().catch(() => true))) continue;
        await store.stop(id).catch(() => {});
      }
    } finally {
      ticking = false;
    }
  };
  const update = (): void => {
    if (!timer && (producers.size > 0 || readers.size > 0)) {
      timer = setInterval(tick, tickMs);
      (timer as { unref?: () => void }).unref?.();
    } else if (timer && producers.size === 0 && readers.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  return {
    /** Tracks a running producer until `running` settles; its abandonment clock starts now. */
    async produce(id: string, writer: StreamWriter, running: Promise<void>): Promise<void> {
      producers.set(id, writer);
      update();
      running.finally(() => {
        producers.delete(id);
        update();
      });
      await store.touch(id, abandonAfterMs).catch(() => {});
    },
    attach(id: string): void {
      readers.set(id, (readers.get(id) ?? 0) + 1);
      update();
      touch(id);
    },
    detach(id: string): void {
      const count = (readers.get(id) ?? 1) - 1;
      if (count > 0) readers.set(id, count);
      else readers.delete(id);
      update();
      // The abandonment clock starts when the last reader leaves.
      touch(id);
    },
  };
}
