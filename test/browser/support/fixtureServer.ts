import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendEventStream, type ServerEventSource } from 'react-streaming-chat/server';
import { serveLoopback, type LoopbackServer } from './staticServer';
import { wallClock } from './waiting';

/** What one streaming request did, seen from the server. Times are wall-clock milliseconds. */
export interface StreamRecord {
  id: number;
  path: string;
  /** The last message of the request's JSON body. */
  input: string;
  startedAt: number;
  /** Bytes passed to `res.write` (by `sendEventStream`). */
  bytesWritten: number;
  /** The tokens the source produced, in order (sources that keep them). */
  text: string;
  /** The source ran to its end. */
  completed: boolean;
  /** When the response's `'close'` came before its end: the client went away. */
  closedAt: number | undefined;
  /** When the source's `finally` ran. */
  finallyAt: number | undefined;
  /** Resolves with `closedAt`. */
  closed: Promise<number>;
  /** Resolves when `sendEventStream`'s promise has settled. */
  served: Promise<void>;
}

/** Makes the source for one request; it may update `record.text`, `completed` and `finallyAt`. */
export type SourceFactory = (record: StreamRecord) => ServerEventSource;

export interface FixtureServer extends LoopbackServer {
  records: StreamRecord[];
  /** Resolves with the next request's record (one that has not arrived yet). */
  nextRequest(): Promise<StreamRecord>;
}

/**
 * The fixture page's origin: the built page from `staticDir`, and `POST /api/<name>` answered by
 * `sendEventStream(res, sources[name](record))` on real sockets.
 */
export async function startFixtureServer(
  staticDir: string,
  sources: Record<string, SourceFactory>,
): Promise<FixtureServer> {
  const records: StreamRecord[] = [];
  const waiters: Array<(record: StreamRecord) => void> = [];

  const stream = async (req: IncomingMessage, res: ServerResponse, factory: SourceFactory) => {
    let markClosed!: (at: number) => void;
    const record: StreamRecord = {
      id: records.length + 1,
      path: req.url ?? '',
      input: '',
      startedAt: wallClock(),
      bytesWritten: 0,
      text: '',
      completed: false,
      closedAt: undefined,
      finallyAt: undefined,
      closed: new Promise((resolve) => (markClosed = resolve)),
      served: Promise.resolve(),
    };
    res.on('close', () => {
      if (res.writableFinished) return;
      record.closedAt = wallClock();
      markClosed(record.closedAt);
    });
    const write = res.write.bind(res) as (chunk: Uint8Array) => boolean;
    res.write = ((chunk: Uint8Array) => {
      record.bytesWritten += chunk.byteLength;
      return write(chunk);
    }) as typeof res.write;

    let body = '';
    for await (const chunk of req) body += chunk;
    try {
      const { messages } = JSON.parse(body) as { messages: Array<{ content: string }> };
      record.input = messages.at(-1)?.content ?? '';
    } catch {
      record.input = body;
    }
    records.push(record);
    for (const waiter of waiters.splice(0)) waiter(record);
    record.served = sendEventStream(res, factory(record));
    await record.served;
  };

  const server = await serveLoopback(staticDir, (req, res) => {
    const match = /^\/api\/([\w-]+)$/.exec(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    if (!match) return false;
    const factory = sources[match[1]!];
    if (req.method !== 'POST' || !factory) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('No such endpoint');
      return true;
    }
    stream(req, res, factory).catch((error: unknown) => {
      console.error('fixture server:', error);
      res.destroy();
    });
    return true;
  });

  return {
    ...server,
    records,
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
  };
}
