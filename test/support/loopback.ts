import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Loopback {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** A real HTTP server (or `server`, as given) on 127.0.0.1, on a free port. Only ever loopback. */
export async function listen(handler: ((req: IncomingMessage, res: ServerResponse) => void) | Server): Promise<Loopback> {
  const server = typeof handler === 'function' ? createServer(handler) : handler;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** What a streaming endpoint saw: bytes written, times `write` said "full", and the client leaving. */
export interface ProducerProbe {
  bytesWritten: number;
  framesWritten: number;
  drainWaits: number;
  finished: boolean;
  /** Resolves with `performance.now()` when the response's connection closed before the end. */
  closed: Promise<number>;
  /** Resolves when the first request arrives. */
  requested: Promise<IncomingMessage>;
  requests: number;
}

export interface ProducerOptions {
  contentType?: string;
  status?: number;
  headers?: Record<string, string>;
  /** Waits before each frame (a slow model), in ms. Default: write as fast as `res.write` allows. */
  delayMs?: number;
}

/**
 * A handler that writes `frames` as fast as TCP lets it: when `res.write` returns false it waits
 * for 'drain', so a client that stops reading pauses it. It records what it did in `probe`.
 */
export function producer(
  frames: () => Iterable<string>,
  { contentType = 'text/event-stream', status = 200, headers = {}, delayMs }: ProducerOptions = {},
) {
  let markClosed!: (at: number) => void;
  let markRequested!: (req: IncomingMessage) => void;
  const probe: ProducerProbe = {
    bytesWritten: 0,
    framesWritten: 0,
    drainWaits: 0,
    finished: false,
    closed: new Promise((resolve) => (markClosed = resolve)),
    requested: new Promise((resolve) => (markRequested = resolve)),
    requests: 0,
  };
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    probe.requests++;
    markRequested(req);
    let gone = false;
    res.on('close', () => {
      gone = true;
      if (!res.writableFinished) markClosed(performance.now());
    });
    req.resume();
    res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-cache', ...headers });
    res.flushHeaders();
    for (const frame of frames()) {
      if (gone) return;
      if (delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (gone) return;
      const bytes = Buffer.from(frame);
      probe.bytesWritten += bytes.byteLength;
      probe.framesWritten++;
      if (!res.write(bytes)) {
        probe.drainWaits++;
        await drainOrClose(res);
      }
    }
    if (gone) return;
    res.end();
    probe.finished = true;
  };
  return { handler, probe };
}

/** Resolves once a full response can take more ('drain'), or the client has gone ('close'). */
export function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export { plateau } from './waiting';
