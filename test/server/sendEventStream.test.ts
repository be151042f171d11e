// @vitest-environment node
import { request, type IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { sendEventStream, type ServerEventSource } from 'react-streaming-chat/server';
import { countingSource, deferred, listen, plateau, sleep, until, within, type Loopback } from './loopback';

const ITEM_BYTES = 1024;
// 20 MiB of items: far above socket buffers, far below what an unbounded producer makes in 300 ms.
const UNBOUNDED = (20 * 1024 * 1024) / ITEM_BYTES;
let loopback: Loopback | undefined;

afterEach(async () => {
  await loopback?.close();
  loopback = undefined;
});

/** Serves `source` with sendEventStream; `served` settles when sendEventStream's promise does. */
async function serve(source: ServerEventSource, options?: Parameters<typeof sendEventStream>[2]) {
  const served = deferred<'resolved' | 'rejected'>();
  loopback = await listen((_req, res) => {
    sendEventStream(res, source, options).then(
      () => served.resolve('resolved'),
      () => served.resolve('rejected'),
    );
  });
  return { url: loopback.url, served: served.promise };
}

/** A GET whose response nobody reads: it stays paused until the test resumes it. */
async function get(url: string): Promise<{ response: IncomingMessage; destroy(): void }> {
  const req = request(url);
  req.end();
  const [response] = (await once(req, 'response')) as [IncomingMessage];
  return { response, destroy: () => req.destroy() };
}

describe('sendEventStream', () => {
  it('writes the event-stream headers and the exact frames', async () => {
    async function* source() {
      yield 'Hello';
      yield 'two\nlines';
      yield { event: 'token', data: 'x', id: '1' };
    }
    const { url, served } = await serve(source());
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-store');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(await response.text()).toBe(
      'data: Hello\n\ndata: two\ndata: lines\n\nevent: token\nid: 1\ndata: x\n\nevent: done\ndata:\n\n',
    );
    expect(await served).toBe('resolved');
  });

  it('keeps headers and status already set on the response', async () => {
    loopback = await listen((_req, res) => {
      res.statusCode = 201;
      res.setHeader('cache-control', 'no-store');
      res.setHeader('x-request-id', 'abc');
      void sendEventStream(res, (async function* () {})());
    });
    const response = await fetch(loopback.url);
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-request-id')).toBe('abc');
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await response.text()).toBe('event: done\ndata:\n\n');
  });

  it('sends an event: error frame when the source throws', async () => {
    async function* source() {
      yield 'a';
      throw new Error('model overloaded');
    }
    const { url, served } = await serve(source());
    expect(await (await fetch(url)).text()).toBe('data: a\n\nevent: error\ndata: model overloaded\n\n');
    expect(await served).toBe('resolved');
  });

  it('sends heartbeats while the source is idle, then the data and done', async () => {
    async function* source() {
      await sleep(150);
      yield 'x';
    }
    const { url } = await serve(source(), { heartbeatMs: 20 });
    const text = await (await fetch(url)).text();
    expect(text).toMatch(/^(: heartbeat\n\n){3,}data: x\n\nevent: done\ndata:\n\n$/);
  });

  it('stops pulling while the client does not read (TCP backpressure), resumes when it reads', async () => {
    const counter = countingSource({ itemBytes: ITEM_BYTES });
    const { url, served } = await serve(counter.source);
    const client = await get(url);

    const stalled = await plateau(() => counter.yielded, { max: UNBOUNDED });
    console.info(`sendEventStream: ${stalled} items (~${Math.round((stalled * ITEM_BYTES) / 1024)} KiB) yielded at plateau`);
    expect(stalled).toBeGreaterThan(0);

    client.response.resume();
    await until(() => counter.yielded > stalled + 1000, 'source resumes after the client reads');

    client.destroy();
    await within(counter.finished, 1000, 'source finally after disconnect');
    expect(counter.signal?.aborted).toBe(true);
    expect(await within(served, 1000, 'sendEventStream settles')).toBe('resolved');
  });

  it('returns the source and resolves when the client left before it was called', async () => {
    let returned = 0;
    const iterable: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => ({
        // A macrotask per item, so a loop that keeps writing to the dead response fails, not hangs.
        next: () => new Promise((resolve) => setImmediate(resolve, { done: false, value: 'x' })),
        return: async () => {
          returned++;
          return { done: true, value: undefined };
        },
      }),
    };
    const arrived = deferred();
    const served = deferred<'resolved'>();
    loopback = await listen((_req, res) => {
      arrived.resolve();
      res.once('close', () => void sendEventStream(res, iterable).then(() => served.resolve('resolved')));
    });
    const client = request(loopback.url);
    client.on('error', () => {});
    client.end();
    await arrived.promise;
    client.destroy();
    expect(await within(served.promise, 1000, 'sendEventStream settles')).toBe('resolved');
    expect(returned).toBe(1);
  });

  it('aborts the source soon after the client disconnects', async () => {
    const counter = countingSource({ everyMs: 10 });
    const { url, served } = await serve(counter.source);
    const abort = new AbortController();
    const response = await fetch(url, { signal: abort.signal });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    while ((received.match(/\n\n/g) ?? []).length < 3) {
      received += decoder.decode((await reader.read()).value, { stream: true });
    }
    const leftAt = performance.now();
    abort.abort();
    const finishedAt = await within(counter.finished, 1000, 'source finally after disconnect');
    console.info(`sendEventStream: disconnect to source finally ${(finishedAt - leftAt).toFixed(1)} ms`);
    expect(counter.signal?.aborted).toBe(true);
    expect(finishedAt - leftAt).toBeLessThan(1000);
    expect(await within(served, 1000, 'sendEventStream settles')).toBe('resolved');
  });
});
