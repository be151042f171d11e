import type { RedisClientType } from 'redis';
import { RESERVED_EVENTS } from '../resumable/logEncoder.js';
import { LogFullError } from '../resumable/storeErrors.js';
import type { LogEvent, LoggedEvent, StreamFormat, StreamStore, StreamWriter } from '../resumable/types.js';

/** Any node-redis client (`createClient()`), connected. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRedisClient = RedisClientType<any, any, any, any, any>;

export interface RedisStreamStoreOptions {
  /** A connected node-redis client. The store duplicates it for pub/sub and blocking reads, and never closes it. */
  client: AnyRedisClient;
  /** Prefix of every key and of the stop channel. Default `'rsc:'`. */
  prefix?: string;
  /** How long a finished stream stays readable, in ms; every key expires. Default `300_000` (5 minutes). */
  ttlMs?: number;
  /** A reply longer than this many events ends with an error event (the Redis stream's cap). Default `100_000`. */
  maxEvents?: number;
  /** The producer's lease: readers end with a `server` error when it lapses before the end. Default `5_000`. */
  leaseMs?: number;
  /** How often the producer renews its lease (and checks the stop key). Default `2_000`. */
  renewMs?: number;
  /** How long a blocked read waits before checking the lease again. Default `1_000`. */
  blockMs?: number;
}

type Reply = unknown;
const TOUCH_IF_LIVE = "if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('SET', KEYS[2], '1', 'PX', ARGV[1]) end";
const MAX_IDLE_READERS = 8;

/**
 * A `StreamStore` in Redis, shared by any number of server instances.
 *
 * - `{prefix}{id}:log`: the log, a Redis stream (XADD with a MAXLEN cap); ids are stream ids.
 * - `{prefix}{id}:meta` (format, ended), `:lease` (the producer is alive), `:reader` (a reader is
 *   attached, for abandonment), `:stop` (for a producer that missed the stop message).
 * - Stop is published on `{prefix}stop`; every instance subscribes once (a duplicated client).
 * - Readers block in XREAD on duplicated clients (a small pool), only while their consumer pulls.
 *
 * Every key expires: a live stream's log and meta `ttlMs + leaseMs` after its producer last
 * renewed, a finished one's `ttlMs` after its end; the lease and stop keys within `leaseMs`; the
 * reader key `abandonAfterMs` after the last reader left.
 */
export function redisStreamStore(options: RedisStreamStoreOptions): StreamStore {
  const { client, prefix = 'rsc:', ttlMs = 300_000, maxEvents = 100_000, leaseMs = 5_000, renewMs = 2_000, blockMs = 1_000 } =
    options;
  const liveTtl = String(ttlMs + leaseMs);
  const key = (id: string, part: 'log' | 'meta' | 'lease' | 'reader' | 'stop'): string => `${prefix}${id}:${part}`;
  const stopChannel = `${prefix}stop`;
  const stops = new Map<string, AbortController>();
  const releases = new Set<() => void>();
  const blocking = blockingReaders(client);
  let subscriber: Promise<AnyRedisClient> | undefined;

  // Raw commands in one MULTI: one round trip, atomic, and the same replies under RESP2 and RESP3.
  const multi = async (commands: string[][]): Promise<Reply[]> => {
    const transaction = client.multi();
    for (const command of commands) transaction.addCommand(command);
    return (await transaction.exec()) as Reply[];
  };
  const subscribe = (): Promise<AnyRedisClient> =>
    (subscriber ??= (async () => {
      const sub = client.duplicate();
      sub.on('error', () => {}); // it reconnects by itself; commands report failures
      await sub.connect();
      await sub.subscribe(stopChannel, (id: string) => stops.get(id)?.abort(new Error('stopped')));
      return sub;
    })().catch((error) => {
      subscriber = undefined;
      throw error;
    }));
  const xadd = (id: string, { event, data }: LogEvent, final: boolean): string[] => [
    'XADD', key(id, 'log'), 'MAXLEN', '~', String(maxEvents), '*', 'd', data,
    ...(event === undefined ? [] : ['e', event]),
    ...(final ? ['f', '1'] : []),
  ];

  return {
    async open(id, info) {
      // Subscribed before the stream exists, so no stop can come before we listen.
      await subscribe();
      await multi([
        ['HSET', key(id, 'meta'), 'format', info.format],
        ['PEXPIRE', key(id, 'meta'), liveTtl],
        ['SET', key(id, 'lease'), '1', 'PX', String(leaseMs)],
      ]);
      const stop = new AbortController();
      stops.set(id, stop);
      let appended = 0;
      let ended = false;

      let renewing: Promise<void> = Promise.resolve();
      const renew = async (): Promise<void> => {
        const replies = await multi([
          // Not XX: a producer that missed a renewal (a Redis hiccup) gets its lease back.
          ['SET', key(id, 'lease'), '1', 'PX', String(leaseMs)],
          ['PEXPIRE', key(id, 'meta'), liveTtl],
          ['PEXPIRE', key(id, 'log'), liveTtl],
          ['EXISTS', key(id, 'stop')],
        ]);
        if (replies[3] === 1) stop.abort(new Error('stopped'));
      };
      const timer = setInterval(() => {
        renewing = renew().catch(() => {});
      }, renewMs);
      timer.unref?.();
      const release = (): void => {
        clearInterval(timer);
        stops.delete(id);
        releases.delete(release);
      };
      releases.add(release);

      const writer: StreamWriter = {
        signal: stop.signal,
        async append(event) {
          if (ended) throw new Error(`Stream ${id} has ended`);
          if (appended >= maxEvents - RESERVED_EVENTS) throw new LogFullError(maxEvents);
          appended++;
          // The expiry rides along: a producer that dies before its first renewal leaves nothing behind.
          await multi([xadd(id, event, false), ['PEXPIRE', key(id, 'log'), liveTtl]]);
        },
        async end(events) {
          if (ended) return;
          ended = true;
          release();
          // A renewal still on its way must not bring the lease back after the end.
          await renewing;
          await multi([
            ...events.map((event, i) => xadd(id, event, i === events.length - 1)),
            ['HSET', key(id, 'meta'), 'ended', '1'],
            ['PEXPIRE', key(id, 'log'), String(ttlMs)],
            ['PEXPIRE', key(id, 'meta'), String(ttlMs)],
            ['DEL', key(id, 'lease'), key(id, 'stop'), key(id, 'reader')],
          ]);
        },
        async hasReader() {
          return (await client.sendCommand<number>(['EXISTS', key(id, 'reader')])) === 1;
        },
      };
      return writer;
    },

    async info(id) {
      const format = await client.sendCommand<string | null>(['HGET', key(id, 'meta'), 'format']);
      return format === 'sse' || format === 'ui' ? { format: format as StreamFormat } : undefined;
    },

    async read(id, after, limit) {
      const [entries, lease, ended] = await multi([
        ['XRANGE', key(id, 'log'), isStreamId(after) ? `(${after}` : '-', '+', 'COUNT', String(limit)],
        ['EXISTS', key(id, 'lease')],
        ['HGET', key(id, 'meta'), 'ended'],
      ]);
      const events = (entries as [string, string[]][]).map(toLoggedEvent);
      if (events.length > 0) return { events, state: 'live' };
      if (String(ended) === '1') return { events, state: 'ended' };
      return { events, state: lease === 1 ? 'live' : 'lost' };
    },

    wait(id, after, signal) {
      return blocking.read(['XREAD', 'COUNT', '1', 'BLOCK', String(blockMs), 'STREAMS', key(id, 'log'), isStreamId(after) ? after : '0-0'], signal);
    },

    async stop(id) {
      // Here at once; elsewhere by the message, or at the next renewal through the key.
      stops.get(id)?.abort(new Error('stopped'));
      await multi([
        // Only until the producer's next renewal; one that cannot renew in a lease is lost anyway.
        ['SET', key(id, 'stop'), '1', 'PX', String(leaseMs)],
        ['PUBLISH', stopChannel, id],
      ]);
    },

    async touch(id, ms) {
      // Only while the producer holds its lease: an ended or lost stream needs no reader key.
      await client.sendCommand(['EVAL', TOUCH_IF_LIVE, '2', key(id, 'lease'), key(id, 'reader'), String(Math.ceil(ms))]);
    },

    async close() {
      // Producers still running here stop renewing: their readers elsewhere see the lease lapse.
      for (const release of [...releases]) release();
      const sub = subscriber;
      subscriber = undefined;
      await Promise.all([blocking.close(), sub?.then((s) => s.close()).catch(() => {})]);
    },
  };
}

const isStreamId = (id: string | undefined): id is string => id !== undefined && /^\d+-\d+$/.test(id);

function toLoggedEvent([id, fields]: [string, string[]]): LoggedEvent {
  const event: LoggedEvent = { id, data: '' };
  for (let i = 0; i < fields.length; i += 2) {
    const value = fields[i + 1]!;
    if (fields[i] === 'd') event.data = value;
    else if (fields[i] === 'e') event.event = value;
    else if (fields[i] === 'f') event.final = true;
  }
  return event;
}

/**
 * Blocking reads each need a connection of their own: a small pool of duplicated clients. A
 * read whose signal aborts is unblocked at once (CLIENT UNBLOCK) so its connection comes back.
 */
function blockingReaders(client: AnyRedisClient) {
  const idle: { conn: AnyRedisClient; clientId: string }[] = [];
  const busy = new Map<Promise<void>, { conn: AnyRedisClient; clientId: string }>();
  let closed = false;

  const connect = async () => {
    const conn = client.duplicate();
    conn.on('error', () => {});
    await conn.connect();
    return { conn, clientId: String(await conn.sendCommand(['CLIENT', 'ID'])) };
  };
  const unblock = (clientId: string): void => {
    client.sendCommand(['CLIENT', 'UNBLOCK', clientId]).catch(() => {});
  };

  return {
    /** Runs a blocking command; resolves when it returns, fails, or `signal` aborts. */
    async read(command: string[], signal: AbortSignal): Promise<void> {
      if (signal.aborted || closed) return;
      const reader = idle.pop() ?? (await connect());
      const onAbort = (): void => unblock(reader.clientId);
      signal.addEventListener('abort', onAbort, { once: true });
      const task = (async () => {
        try {
          await reader.conn.sendCommand(command);
        } catch {
          // A failed read must not spin its caller: wait a moment before it reads again.
          await new Promise<void>((resolve) => setTimeout(resolve, 100).unref?.());
        } finally {
          signal.removeEventListener('abort', onAbort);
          if (closed || idle.length >= MAX_IDLE_READERS) await reader.conn.close().catch(() => {});
          else idle.push(reader);
        }
      })();
      busy.set(task, reader);
      await task;
      busy.delete(task);
    },
    async close(): Promise<void> {
      closed = true;
      for (const { clientId } of busy.values()) unblock(clientId);
      await Promise.all([...busy.keys()]);
      await Promise.all(idle.splice(0).map(({ conn }) => conn.close().catch(() => {})));
    },
  };
}
