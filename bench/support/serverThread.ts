import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** A request as the server thread saw it; times are on `clock.ts`'s clock. */
export interface RemoteRequest {
  closed: Promise<number>;
  sourceAborted: Promise<number>;
}

export interface ServerThread {
  url: string;
  nextRequest(): Promise<RemoteRequest>;
  close(): Promise<void>;
}

type Message =
  | { type: 'listening'; url: string }
  | { type: 'request'; index: number }
  | { type: 'closed' | 'aborted'; index: number; at: number };

interface Tracked extends RemoteRequest {
  markClosed(at: number): void;
  markAborted(at: number): void;
}

/**
 * The bench server (see `server.ts`) on its own thread, so it keeps writing, and notices a
 * disconnect, while the client's thread is busy (rendering, committing). Runs the bundle
 * `serverWorker.mjs` that bench/run.mjs builds next to the benchmark's own bundle.
 */
export async function startServerThread(): Promise<ServerThread> {
  const worker = new Worker(new URL('./serverWorker.mjs', import.meta.url));
  const requests: Tracked[] = [];
  const waiting: ((request: RemoteRequest) => void)[] = [];
  const track = (index: number): Tracked => {
    if (!requests[index]) {
      const request = {} as Tracked;
      request.closed = new Promise((resolve) => (request.markClosed = resolve));
      request.sourceAborted = new Promise((resolve) => (request.markAborted = resolve));
      requests[index] = request;
    }
    return requests[index]!;
  };
  const listening = new Promise<string>((resolve) => {
    worker.on('message', (message: Message) => {
      if (message.type === 'listening') resolve(message.url);
      else if (message.type === 'request') waiting.shift()?.(track(message.index));
      else if (message.type === 'closed') track(message.index).markClosed(message.at);
      else track(message.index).markAborted(message.at);
    });
  });
  const url = await listening;
  return {
    url,
    nextRequest: () => new Promise((resolve) => waiting.push(resolve)),
    close: async () => {
      worker.postMessage('close');
      await once(worker, 'exit');
    },
  };
}
