// @vitest-environment node
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import {
  sendResponse,
  sendUIMessageStream,
  uiMessageStreamResponse,
  type UIMessageSource,
} from 'react-streaming-chat/server';
import { countingSource, deferred, listen, plateau, sleep, until, within, type Loopback } from './loopback';

const ITEM_BYTES = 1024;
// 20 MiB of items: far above socket buffers, far below what an unbounded producer makes in 300 ms.
const UNBOUNDED = (20 * 1024 * 1024) / ITEM_BYTES;
let loopback: Loopback | undefined;

afterEach(async () => {
  await loopback?.close();
  loopback = undefined;
});

type Send = (res: ServerResponse, source: UIMessageSource, options?: { heartbeatMs?: number }) => Promise<void>;

// The two ways to serve a UI message stream from node:http: the adapter, and a fetch-style
// handler's Response written with sendResponse.
const senders: [string, Send][] = [
  ['sendUIMessageStream', (res, source, options) => sendUIMessageStream(res, source, options)],
  ['uiMessageStreamResponse + sendResponse', (res, source, options) => sendResponse(res, uiMessageStreamResponse(source, options))],
];

async function serve(send: Send, source: UIMessageSource, options?: { heartbeatMs?: number }) {
  const served = deferred<'resolved' | 'rejected'>();
  loopback = await listen((_req, res) => {
    send(res, source, options).then(
      () => served.resolve('resolved'),
      () => served.resolve('rejected'),
    );
  });
  return { url: loopback.url, served: served.promise };
}

describe.each(senders)('%s over node:http', (_name, send) => {
  it('writes the UI message stream headers and frames', async () => {
    async function* source() {
      yield { type: 'reasoning-delta', delta: 'Hm.' } as const;
      yield 'Hi';
    }
    const { url, served } = await serve(send, source());
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-store');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    const wire = await response.text();
    expect(wire).toMatch(/^data: \{"type":"start"\}\n\ndata: \{"type":"reasoning-start","id":"[^"]+"\}\n\n/);
    expect(wire).toContain('"delta":"Hm."');
    expect(wire).toContain('"delta":"Hi"');
    expect(wire.endsWith('data: {"type":"finish"}\n\ndata: [DONE]\n\n')).toBe(true);
    expect(await served).toBe('resolved');
  });

  it('ends with an error chunk and [DONE] when the source throws', async () => {
    async function* source() {
      yield 'a';
      throw new Error('model overloaded');
    }
    const { url, served } = await serve(send, source());
    const wire = await (await fetch(url)).text();
    expect(wire.endsWith('data: {"type":"error","errorText":"model overloaded"}\n\ndata: [DONE]\n\n')).toBe(true);
    expect(await served).toBe('resolved');
  });

  it('sends heartbeats while the source is idle', async () => {
    async function* source() {
      await sleep(150);
      yield 'x';
    }
    const { url } = await serve(send, source(), { heartbeatMs: 20 });
    const wire = await (await fetch(url)).text();
    expect(wire).toMatch(/^(: heartbeat\n\n){3,}data: \{"type":"start"\}/);
  });

  it('is pull-based: a client that reads nothing stops the source; reading resumes it; leaving aborts it', async () => {
    const counter = countingSource({ itemBytes: ITEM_BYTES });
    const { url, served } = await serve(send, counter.source);
    const req = request(url);
    req.end();
    const [response] = (await once(req, 'response')) as [IncomingMessage];

    const stalled = await plateau(() => counter.yielded, { max: UNBOUNDED });
    expect(stalled).toBeGreaterThan(0);

    response.resume();
    await until(() => counter.yielded > stalled + 1000, 'source resumes after the client reads');

    req.destroy();
    await within(counter.finished, 1000, 'source finally after disconnect');
    expect(counter.signal?.aborted).toBe(true);
    expect(await within(served, 1000, 'settles')).toBe('resolved');
  });

  it('aborts a waiting source and runs its finally soon after the client disconnects', async () => {
    const started = deferred();
    const finished = deferred<number>();
    let seen: AbortSignal | undefined;
    const { url, served } = await serve(send, async function* (signal) {
      seen = signal;
      try {
        yield 'first';
        started.resolve();
        await sleep(60_000, signal);
        yield 'never';
      } finally {
        finished.resolve(performance.now());
      }
    });
    const abort = new AbortController();
    const reader = (await fetch(url, { signal: abort.signal })).body!.getReader();
    await reader.read();
    await started.promise;
    const leftAt = performance.now();
    abort.abort();
    const finishedAt = await within(finished.promise, 1000, 'source finally after disconnect');
    expect(seen?.aborted).toBe(true);
    expect(finishedAt - leftAt).toBeLessThan(1000);
    expect(await within(served, 1000, 'settles')).toBe('resolved');
  });
});

describe('sendUIMessageStream', () => {
  it('keeps headers and status already set on the response', async () => {
    loopback = await listen((_req, res) => {
      res.statusCode = 201;
      res.setHeader('cache-control', 'no-store');
      void sendUIMessageStream(res, (async function* () {})());
    });
    const response = await fetch(loopback.url);
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    expect(await response.text()).toBe('data: {"type":"start"}\n\ndata: {"type":"finish"}\n\ndata: [DONE]\n\n');
  });
});

describe('uiMessageStreamResponse', () => {
  it('takes status and headers from init, which add to or override the defaults', async () => {
    const response = uiMessageStreamResponse((async function* () {})(), { status: 202, headers: { 'x-trace': '1' } });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-trace')).toBe('1');
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await response.text()).toBe('data: {"type":"start"}\n\ndata: {"type":"finish"}\n\ndata: [DONE]\n\n');
  });
});
