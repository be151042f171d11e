import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendEventStream } from 'react-streaming-chat/server';
import { drainOrClose } from '../../test/support/loopback';
import { TOKEN_CHARS } from './tokens';
import { replyFrames, wires, type Wire } from './wire';

/**
 * How the reply is written. `burst`: the whole body in one `res.end(body)` (with Content-Length).
 * `token`: one `res.write` per frame, each in its own event-loop turn (`setImmediate`), waiting
 * for 'drain' when TCP is full, so the client gets one token per chunk unless it falls behind.
 */
export type Mode = 'burst' | 'token';

/** What the server saw of one request. */
export interface ServedRequest {
  /** Resolves with the time (see `ServerOptions.clock`) the connection closed before the reply ended. */
  closed: Promise<number>;
  /** `/adapter` only: resolves with the time the source's signal aborted. */
  sourceAborted: Promise<number>;
}

export interface ServerOptions {
  /** The clock of `closed` and `sourceAborted`. Default `performance.now`. */
  clock?: () => number;
  /** Called as each request arrives, numbered from 0. */
  onRequest?(request: ServedRequest, index: number): void;
}

export interface BenchServer {
  url: string;
  close(): Promise<void>;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const token = (i: number) => `w${i.toString(36).padStart(4, '0')} `;

/**
 * One node:http server on 127.0.0.1 for every contender, each served its own protocol:
 * - `POST /reply?wire=sse|ui&n=1000&mode=burst|token&chars=6`: a whole reply of `n` tokens of
 *   `chars` characters (default 6).
 * - `POST /endless?wire=sse|ui&everyMs=2`: a token every `everyMs` until the client leaves.
 * - `POST /adapter?everyMs=2`: the same through this kit's `sendEventStream`, recording when the
 *   source's signal aborts (what an upstream LLM call would see).
 */
export async function startServer({ clock = () => performance.now(), onRequest }: ServerOptions = {}): Promise<BenchServer> {
  let count = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const format = wires[(url.searchParams.get('wire') ?? 'sse') as Wire];
    const everyMs = Number(url.searchParams.get('everyMs') ?? 2);
    let markClosed!: (at: number) => void;
    let markAborted!: (at: number) => void;
    const served: ServedRequest = {
      closed: new Promise((resolve) => (markClosed = resolve)),
      sourceAborted: new Promise((resolve) => (markAborted = resolve)),
    };
    onRequest?.(served, count++);
    let gone = false;
    res.on('close', () => {
      gone = true;
      if (!res.writableFinished) markClosed(clock());
    });
    req.resume();

    if (url.pathname === '/reply') {
      const frames = replyFrames(
        (url.searchParams.get('wire') ?? 'sse') as Wire,
        Number(url.searchParams.get('n') ?? 100),
        Number(url.searchParams.get('chars') ?? TOKEN_CHARS),
      );
      if (url.searchParams.get('mode') === 'burst') {
        const body = Buffer.from(frames.join(''));
        res.writeHead(200, { ...format.headers, 'content-length': String(body.byteLength) });
        res.end(body);
        return;
      }
      res.writeHead(200, format.headers);
      res.flushHeaders();
      for (const frame of frames) {
        await turn();
        if (gone) return;
        if (!res.write(frame)) await drainOrClose(res);
      }
      if (!gone) res.end();
      return;
    }

    if (url.pathname === '/endless') {
      res.writeHead(200, format.headers);
      res.write(format.open);
      for (let i = 0; !gone; i++) {
        if (!res.write(format.token(token(i)))) await drainOrClose(res);
        await new Promise((resolve) => setTimeout(resolve, everyMs));
      }
      return;
    }

    if (url.pathname === '/adapter') {
      await sendEventStream(
        res,
        async function* (signal) {
          signal.addEventListener('abort', () => markAborted(clock()), { once: true });
          for (let i = 0; !signal.aborted; i++) {
            yield token(i);
            await new Promise((resolve) => setTimeout(resolve, everyMs));
          }
        },
        { heartbeatMs: 0 },
      );
      return;
    }

    res.writeHead(404).end();
  };

  const server = createServer((req, res) => void handle(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
