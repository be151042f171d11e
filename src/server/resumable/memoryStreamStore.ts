import { RESERVED_EVENTS } from './logEncoder.js';
import { LogFullError, StoreFullError } from './storeErrors.js';
import type { LogEvent, LoggedEvent, StreamBatch, StreamInfo, StreamStore, StreamWriter } from './types.js';

export interface MemoryStreamStoreOptions {
  /** How long a finished stream stays readable, in ms. Default `300_000` (5 minutes). */
  ttlMs?: number;
  /**
   * At most this many streams, live and finished: a new one makes room by dropping the oldest
   * finished one, and is refused (`StoreFullError`, a 503 from `start`) if all are live.
   * Default `1_000`.
   */
  maxStreams?: number;
  /** A reply longer than this many events ends with an error event. Default `100_000`. */
  maxEvents?: number;
}

interface MemoryLog {
  info: StreamInfo;
  events: LoggedEvent[];
  ended: boolean;
  /** Readers waiting for the next event. */
  waiters: Set<() => void>;
  stop: AbortController;
  /** Until when (epoch ms) a reader said it is attached. */
  readerUntil: number;
  expiry?: ReturnType<typeof setTimeout>;
}

/**
 * The default `StreamStore`: logs in this process's memory, for one server process. The log is
 * the buffer: a live stream keeps every event (up to `maxEvents`) so any reader can resume, and a
 * finished one is dropped `ttlMs` after its end. So memory is bounded by `maxStreams` logs of at
 * most `maxEvents` events each; readers add at most one batch each. Timers are unref'd.
 */
export function memoryStreamStore(options: MemoryStreamStoreOptions = {}): StreamStore {
  const { ttlMs = 300_000, maxStreams = 1_000, maxEvents = 100_000 } = options;
  const logs = new Map<string, MemoryLog>();

  const wake = (log: MemoryLog): void => {
    for (const resolve of log.waiters) resolve();
    log.waiters.clear();
  };
  const drop = (id: string): void => {
    const log = logs.get(id);
    if (!log) return;
    clearTimeout(log.expiry);
    logs.delete(id);
    wake(log);
  };
  const makeRoom = (): void => {
    if (logs.size < maxStreams) return;
    // Map order is insertion order: the first finished log is the oldest one.
    for (const [id, log] of logs) {
      if (log.ended) return drop(id);
    }
    throw new StoreFullError(maxStreams);
  };
  const push = (log: MemoryLog, { event, data }: LogEvent, final: boolean): void => {
    const logged: LoggedEvent = { id: String(log.events.length + 1), data };
    if (event !== undefined) logged.event = event;
    if (final) logged.final = true;
    log.events.push(logged);
  };

  return {
    async open(id, info) {
      if (logs.has(id)) throw new Error(`Stream ${id} already exists`);
      makeRoom();
      const log: MemoryLog = { info, events: [], ended: false, waiters: new Set(), stop: new AbortController(), readerUntil: 0 };
      logs.set(id, log);
      const writer: StreamWriter = {
        signal: log.stop.signal,
        async append(event) {
          if (log.ended) throw new Error(`Stream ${id} has ended`);
          if (log.events.length >= maxEvents - RESERVED_EVENTS) throw new LogFullError(maxEvents);
          push(log, event, false);
          wake(log);
        },
        async end(events) {
          if (log.ended) return;
          events.forEach((event, i) => push(log, event, i === events.length - 1));
          log.ended = true;
          wake(log);
          if (logs.get(id) === log) log.expiry = unref(setTimeout(drop, ttlMs, id));
        },
        async hasReader() {
          return log.readerUntil > Date.now();
        },
      };
      return writer;
    },

    async info(id) {
      return logs.get(id)?.info;
    },

    async read(id, after, limit) {
      const log = logs.get(id);
      if (!log) return { events: [], state: 'lost' };
      const from = indexAfter(log, after);
      const events = log.events.slice(from, from + limit);
      const state: StreamBatch['state'] = events.length === 0 && log.ended ? 'ended' : 'live';
      return { events, state };
    },

    wait(id, after, signal) {
      const log = logs.get(id);
      if (!log || log.ended || signal.aborted || indexAfter(log, after) < log.events.length) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = (): void => {
          signal.removeEventListener('abort', done);
          log.waiters.delete(done);
          resolve();
        };
        log.waiters.add(done);
        signal.addEventListener('abort', done, { once: true });
      });
    },

    async stop(id) {
      const log = logs.get(id);
      if (log && !log.ended) log.stop.abort(new Error('stopped'));
    },

    async touch(id, ms) {
      const log = logs.get(id);
      if (log) log.readerUntil = Math.max(log.readerUntil, Date.now() + ms);
    },

    async close() {
      for (const id of [...logs.keys()]) drop(id);
    },
  };
}

/** The index of the first event after the event `after`; ids are 1-based positions. */
function indexAfter(log: MemoryLog, after: string | undefined): number {
  const position = after === undefined || !/^\d+$/.test(after) ? 0 : Number(after);
  // An id this log never gave (another stream's, a forged one) reads from the start.
  return position <= log.events.length ? position : 0;
}

function unref<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
