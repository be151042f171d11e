// Helpers for the hardening suite: a loopback server that records every exchange, a fetch that
// taps the body the engine reads, and a guard against unhandled rejections.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatController, ChatSnapshot } from 'react-streaming-chat/core';
import { deferred, listen, type Loopback } from '../support/loopback';

export { deferred, type Deferred } from '../support/loopback';

/** One request the server received. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** The request body, once it has arrived. */
  body: Promise<string>;
  /** Resolves when the connection closes: `true` if the client left before the response ended. */
  closed: Promise<boolean>;
  /** Set synchronously when the client left before the end. */
  abandoned: boolean;
}

export interface Served extends Loopback {
  exchanges: Exchange[];
  /** Resolves with the n-th exchange (1-based) once it has arrived. */
  arrival(n: number): Promise<Exchange>;
}

const servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A loopback server (closed after the test) that hands each exchange to `handle`. */
export async function serve(handle: (exchange: Exchange, index: number) => void | Promise<void>): Promise<Served> {
  const exchanges: Exchange[] = [];
  const waiting: { n: number; wake: (exchange: Exchange) => void }[] = [];
  const server = await listen((req, res) => {
    const closed = deferred<boolean>();
    const exchange: Exchange = {
      req,
      res,
      closed: closed.promise,
      abandoned: false,
      body: new Promise((resolve) => {
        let text = '';
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => (text += chunk));
        req.on('end', () => resolve(text));
      }),
    };
    res.on('close', () => {
      exchange.abandoned = !res.writableFinished;
      closed.resolve(exchange.abandoned);
    });
    exchanges.push(exchange);
    for (const waiter of waiting.filter(({ n }) => n <= exchanges.length)) waiter.wake(exchanges[waiter.n - 1]!);
    void handle(exchange, exchanges.length - 1);
  });
  servers.push(server);
  return {
    ...server,
    exchanges,
    arrival: (n) =>
      exchanges.length >= n
        ? Promise.resolve(exchanges[n - 1]!)
        : new Promise((wake) => waiting.push({ n, wake })),
  };
}

export const sse = (...tokens: string[]) => tokens.map((token) => `data: ${token}\n\n`).join('');
export const DONE = 'event: done\ndata:\n\n';

/** Writes SSE headers and flushes them. */
export function openSSE(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
  res.flushHeaders();
}

export interface Tap {
  fetch: typeof fetch;
  /** Bytes handed to the engine by `reader.read()`. */
  bytes: number;
  /** `reader.read()` calls not yet settled. */
  pendingReads: number;
  /** Bodies whose reader was obtained. */
  readers: number;
}

/**
 * Wraps fetch so that every `reader.read()` on a response body is counted, and `onChunk` sees
 * each chunk before the engine does (it runs in the same tick the engine would get it).
 */
export function tapFetch(base: typeof fetch = globalThis.fetch, onChunk?: (chunk: Uint8Array) => void): Tap {
  const tap: Tap = {
    bytes: 0,
    pendingReads: 0,
    readers: 0,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await base(input, init);
      const body = response.body;
      if (!body) return response;
      const getReader = body.getReader.bind(body) as () => ReadableStreamDefaultReader<Uint8Array>;
      body.getReader = (() => {
        const reader = getReader();
        tap.readers++;
        const read = reader.read.bind(reader);
        reader.read = () => {
          tap.pendingReads++;
          return read().then(
            (result) => {
              tap.pendingReads--;
              if (!result.done) {
                tap.bytes += result.value.byteLength;
                onChunk?.(result.value);
              }
              return result;
            },
            (error: unknown) => {
              tap.pendingReads--;
              throw error;
            },
          );
        };
        return reader;
      }) as typeof body.getReader;
      return response;
    }) as typeof fetch,
  };
  return tap;
}

/** Resolves with the snapshot once `check` holds (checked now and on every change). */
export function when(chat: ChatController, check: (snapshot: ChatSnapshot) => boolean): Promise<ChatSnapshot> {
  return new Promise((resolve) => {
    if (check(chat.getSnapshot())) return resolve(chat.getSnapshot());
    const unsubscribe = chat.subscribe(() => {
      if (!check(chat.getSnapshot())) return;
      unsubscribe();
      resolve(chat.getSnapshot());
    });
  });
}

/** `[role, content, status]` of each message: the shape most assertions compare. */
export const shape = (snapshot: ChatSnapshot) => snapshot.messages.map(({ role, content, status }) => [role, content, status]);

/** Fails the test if any promise rejection went unhandled while it ran. */
export function guardUnhandledRejections(): void {
  const seen: unknown[] = [];
  const record = (reason: unknown) => seen.push(reason);
  beforeAll(() => void process.on('unhandledRejection', record));
  afterAll(() => void process.off('unhandledRejection', record));
  beforeEach(() => void (seen.length = 0));
  afterEach(async () => {
    // One macrotask for a stray rejection to surface.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([]);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
