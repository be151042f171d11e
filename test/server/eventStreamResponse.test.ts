// @vitest-environment node
import { request, type IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { afterEach, describe, expect, it } from 'vitest';
import { eventStreamResponse, type EventStreamResponseInit, type ServerEventSource } from 'react-streaming-chat/server';
import { countingSource, listen, plateau, until, within, type Loopback } from './loopback';

const ITEM_BYTES = 1024;
// 20 MiB of items: far above socket buffers, far below what an unbounded producer makes in 300 ms.
const UNBOUNDED = (20 * 1024 * 1024) / ITEM_BYTES;
let loopback: Loopback | undefined;

afterEach(async () => {
  await loopback?.close();
  loopback = undefined;
});

async function* from(...items: string[]) {
  yield* items;
}

/** What a fetch-style adapter does with a Response on node:http: stream its body, with backpressure. */
async function serve(source: ServerEventSource, init?: EventStreamResponseInit): Promise<string> {
  loopback = await listen((_req, res) => {
    const response = eventStreamResponse(source, init);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res).catch(() => {});
  });
  return loopback.url;
}

describe('eventStreamResponse', () => {
  it('is a 200 text/event-stream response of SSE frames', async () => {
    const response = eventStreamResponse(from('a', 'b'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-store');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(await response.text()).toBe('data: a\n\ndata: b\n\nevent: done\ndata:\n\n');
  });

  it('takes status and headers from init, which add to or override the defaults', async () => {
    const response = eventStreamResponse(from(), {
      status: 202,
      headers: { 'Cache-Control': 'no-store', 'x-trace': '1' },
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-trace')).toBe('1');
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  });

  it('passes signal and heartbeatMs to the stream', async () => {
    const counter = countingSource({ everyMs: 5 });
    const abort = new AbortController();
    const response = eventStreamResponse(counter.source, { signal: abort.signal, heartbeatMs: 0 });
    const reader = response.body!.getReader();
    await reader.read();
    abort.abort();
    await within(counter.finished, 1000, 'finally');
    expect(counter.signal?.aborted).toBe(true);
  });

  it('keeps its producer paused by TCP backpressure when served over node:http', async () => {
    const counter = countingSource({ itemBytes: ITEM_BYTES });
    const url = await serve(counter.source);
    const req = request(url);
    req.end();
    const [response] = (await once(req, 'response')) as [IncomingMessage];

    const stalled = await plateau(() => counter.yielded, { max: UNBOUNDED });
    console.info(`eventStreamResponse: ${stalled} items (~${Math.round((stalled * ITEM_BYTES) / 1024)} KiB) yielded at plateau`);
    expect(stalled).toBeGreaterThan(0);

    response.resume();
    await until(() => counter.yielded > stalled + 1000, 'source resumes after the client reads');

    const leftAt = performance.now();
    req.destroy();
    const finishedAt = await within(counter.finished, 1000, 'source finally after disconnect');
    console.info(`eventStreamResponse: disconnect to source finally ${(finishedAt - leftAt).toFixed(1)} ms`);
    expect(counter.signal?.aborted).toBe(true);
  });
});
