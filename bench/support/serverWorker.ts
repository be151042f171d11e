// The entry of the server thread (see serverThread.ts): reports each request, and when it closed
// or its source aborted, on the process-wide clock.
import { parentPort } from 'node:worker_threads';
import { now } from './clock';
import { startServer } from './server';

const port = parentPort!;
const server = await startServer({
  clock: now,
  onRequest(request, index) {
    port.postMessage({ type: 'request', index });
    void request.closed.then((at) => port.postMessage({ type: 'closed', index, at }));
    void request.sourceAborted.then((at) => port.postMessage({ type: 'aborted', index, at }));
  },
});
port.once('message', () => void server.close().then(() => port.close()));
port.postMessage({ type: 'listening', url: server.url });
