// Fault harness for resumable streams over real loopback: a node:http server running
// createResumableStreams, and a TCP proxy in front of it that cuts connections mid-body.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, connect, type AddressInfo, type Socket } from 'node:net';
import {
  ChatController,
  type ChatOptions,
  type ChatSnapshot,
  type FrameScheduler,
} from 'react-streaming-chat/core';
import {
  createResumableStreams,
  memoryStreamStore,
  sendResponse,
  type ResumableStreamsOptions,
} from 'react-streaming-chat/server';

type Source = (signal: AbortSignal) => AsyncIterable<unknown>;

export interface Model {
  /** What the producer was asked for (the POST body). */
  body: unknown;
  signal: AbortSignal | undefined;
  yielded: number;
  finished: boolean;
  streamId: string | undefined;
  /** Resolves when the POST's response connection closed (ended or dropped). */
  closed: Promise<void>;
}

export interface Received {
  method: string;
  path: string;
  lastEventId: string | undefined;
  at: number;
}

export interface ResumableServer {
  url: string;
  /** Every request, in order of arrival. */
  requests: Received[];
  models: Model[];
  /** What the next POSTs stream, and in which format. */
  reply(source: () => Source, format?: 'sse' | 'ui'): void;
  /** `stop(id)` on the server, as a second client's DELETE would. */
  stop(id: string): Promise<void>;
  /** Resolves with the `index`th model once its stream has started. */
  model(index: number): Promise<Model>;
  /** POSTs wait for `gate` before the stream starts (so before the response's headers). */
  holdPosts(gate: Promise<void> | undefined): void;
  /** Resolves when a request matching `method` (and `path` when given) has arrived. */
  received(method: string, path?: string): Promise<Received>;
  close(): Promise<void>;
}

const scheduled: FrameScheduler = {
  schedule(callback) {
    const timer = setTimeout(callback, 0);
    return () => clearTimeout(timer);
  },
};

/** A real node:http server on 127.0.0.1: POST /chat starts, GET /chat/:id resumes, DELETE /chat/:id stops. */
export async function resumableServer(options: ResumableStreamsOptions = {}): Promise<ResumableServer> {
  const streams = createResumableStreams({ store: memoryStreamStore(), heartbeatMs: 0, ...options });
  const requests: Received[] = [];
  const models: Model[] = [];
  const waiters: { match: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];
  let next: { source: () => Source; format: 'sse' | 'ui' } | undefined;
  let gate: Promise<void> | undefined;
  const started: (() => void)[] = [];

  const server: Server = createServer(async (req, res) => {
    const path = req.url ?? '';
    const received: Received = {
      method: req.method ?? '',
      path,
      lastEventId: req.headers['last-event-id'] as string | undefined,
      at: performance.now(),
    };
    requests.push(received);
    for (const waiter of waiters.splice(0)) {
      if (waiter.match(received)) waiter.resolve(received);
      else waiters.push(waiter);
    }
    const id = /^\/chat\/([\w-]+)$/.exec(path)?.[1];
    if (req.method === 'POST' && path === '/chat') {
      const body = JSON.parse(await readBody(req));
      await gate;
      if (!next) throw new Error('no reply configured');
      const model: Model = {
        body,
        signal: undefined,
        yielded: 0,
        finished: false,
        streamId: undefined,
        closed: new Promise<void>((resolve) => res.once('close', () => resolve())),
      };
      models.push(model);
      const source = next.source();
      const response = await streams.start(
        async function* (signal) {
          model.signal = signal;
          try {
            for await (const item of source(signal)) {
              model.yielded++;
              yield item as string;
            }
          } finally {
            model.finished = true;
          }
        },
        { format: next.format },
      );
      model.streamId = response.headers.get('x-stream-id') ?? undefined;
      for (const notify of started.splice(0)) notify();
      return sendResponse(res, response);
    }
    req.resume();
    if (req.method === 'GET' && id) return sendResponse(res, await streams.resume(id, received.lastEventId));
    if (req.method === 'DELETE' && id) return sendResponse(res, await streams.stop(id));
    res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    models,
    reply(source, format = 'sse') {
      next = { source, format };
    },
    async stop(id) {
      await streams.stop(id);
    },
    async model(index) {
      while (!models[index]?.streamId) await new Promise<void>((resolve) => started.push(resolve));
      return models[index]!;
    },
    holdPosts(next) {
      gate = next;
    },
    received(method, path) {
      const match = (r: Received) => r.method === method && (path === undefined || r.path === path);
      const seen = requests.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

export interface Cut {
  /** Resolves when the cut happened. */
  done: Promise<void>;
}

export interface CuttingProxy {
  url: string;
  /** Connections cut so far. */
  cuts: number;
  /**
   * Arms a one-shot cut: the first server-to-client bytes (of any connection) that contain
   * `pattern` are forwarded up to `offset` bytes into it, then the connection is closed both
   * ways, so the client sees its body end mid-chunk; or, with `'stall'`, nothing more is
   * forwarded but the connection stays open (a dead link). Cuts armed together fire in order.
   */
  cutAt(pattern: string | Uint8Array, offset: number, how?: 'close' | 'stall'): Cut;
  /** Refuses (resets) every new connection while set: the server is unreachable. */
  refuse: boolean;
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 between the client and `target`. */
export async function cuttingProxy(target: string): Promise<CuttingProxy> {
  const { port: targetPort } = new URL(target);
  const sockets = new Set<Socket>();
  const armed: { pattern: Buffer; offset: number; how: 'close' | 'stall'; fire: () => void }[] = [];
  const proxy: CuttingProxy = {
    url: '',
    cuts: 0,
    refuse: false,
    cutAt(pattern, offset, how = 'close') {
      let fire!: () => void;
      const done = new Promise<void>((resolve) => (fire = resolve));
      const bytes = Buffer.from(typeof pattern === 'string' ? Buffer.from(pattern, 'utf8') : pattern);
      if (offset <= 0 || offset >= bytes.length) throw new Error('the cut must fall inside the pattern');
      armed.push({ pattern: bytes, offset, how, fire });
      return { done };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createTcpServer((client) => {
    if (proxy.refuse) return void client.resetAndDestroy();
    const upstream = connect(Number(targetPort), '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    // The last bytes forwarded, so a pattern split across TCP reads is still found.
    let tail = Buffer.alloc(0);
    let cut = false;
    upstream.on('data', (chunk: Buffer) => {
      if (cut) return;
      const rule = armed[0];
      if (rule) {
        const window = Buffer.concat([tail, chunk]);
        const at = window.indexOf(rule.pattern);
        if (at >= 0) {
          armed.shift();
          cut = true;
          proxy.cuts++;
          // Bytes of this chunk up to the cut point (none if the cut point was already sent).
          const upTo = Math.max(0, at + rule.offset - tail.length);
          if (rule.how === 'stall') client.write(chunk.subarray(0, upTo));
          else {
            upstream.destroy();
            client.end(chunk.subarray(0, upTo), () => client.destroy());
          }
          rule.fire();
          return;
        }
        tail = window.subarray(Math.max(0, window.length - rule.pattern.length + 1));
      }
      if (!client.write(chunk)) {
        upstream.pause();
        client.once('drain', () => upstream.resume());
      }
    });
    upstream.on('end', () => cut || client.end());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

export interface FetchCall {
  method: string;
  url: string;
  keepalive: boolean | undefined;
  lastEventId: string | null;
}

/** The default fetch, recording each request the client makes. */
export function recordingFetch() {
  const calls: FetchCall[] = [];
  const fetch = ((url: string, init: RequestInit = {}) => {
    calls.push({
      method: init.method ?? 'GET',
      url: String(url),
      keepalive: init.keepalive,
      lastEventId: new Headers(init.headers).get('last-event-id'),
    });
    return globalThis.fetch(url, init);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

/** A controller against `api`, recording every snapshot's status and the requests it makes. */
export function client(api: string, options: Partial<ChatOptions> = {}) {
  const { fetch, calls } = recordingFetch();
  const chat = new ChatController({ api, fetch, scheduler: scheduled, ...options });
  const statuses: ChatSnapshot['status'][] = [];
  const snapshots: ChatSnapshot[] = [];
  chat.subscribe(() => {
    const snapshot = chat.getSnapshot();
    snapshots.push(snapshot);
    if (statuses.at(-1) !== snapshot.status) statuses.push(snapshot.status);
  });
  return { chat, calls, statuses, snapshots };
}

/** Tokens `prefix0 `, `prefix1 `, ...; each yielded `everyMs` apart (a macrotask apart at 0). */
export function tokenSource(tokens: readonly unknown[], everyMs = 0): () => Source {
  return () =>
    async function* (signal) {
      for (const token of tokens) {
        await new Promise((resolve) => (everyMs > 0 ? setTimeout(resolve, everyMs) : setImmediate(resolve)));
        if (signal.aborted) return;
        yield token;
      }
    };
}

/** A source that yields `first`, then waits until its signal aborts (a model that never ends). */
export function endlessSource(first: string[], everyMs = 20): () => Source {
  return () =>
    async function* (signal) {
      for (const token of first) yield token;
      for (let i = 0; !signal.aborted; i++) {
        await new Promise((resolve) => setTimeout(resolve, everyMs));
        if (!signal.aborted) yield `more${i} `;
      }
    };
}

export const words = (count: number, prefix = 't') => Array.from({ length: count }, (_, i) => `${prefix}${i} `);

/** Resolves when `check` holds after some change of the chat (checked at once too). */
export function until(chat: ChatController, check: (snapshot: ChatSnapshot) => boolean, what: string, ms = 10_000): Promise<ChatSnapshot> {
  return new Promise((resolve, reject) => {
    const test = () => {
      const snapshot = chat.getSnapshot();
      if (!check(snapshot)) return false;
      clearTimeout(timer);
      unsubscribe();
      resolve(snapshot);
      return true;
    };
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`${what}: not within ${ms} ms (status ${chat.getSnapshot().status})`));
    }, ms);
    const unsubscribe = chat.subscribe(() => void test());
    test();
  });
}
