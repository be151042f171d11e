// @vitest-environment node
import { request, type IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { sendResponse } from 'react-streaming-chat/server';
import { deferred, listen, plateau, until, within, type Loopback } from './loopback';

const CHUNK_BYTES = 1024;
// 20 MiB of chunks: far above socket buffers, far below what an unpaused body makes in 300 ms.
const UNBOUNDED = (20 * 1024 * 1024) / CHUNK_BYTES;
let loopback: Loopback | undefined;

afterEach(async () => {
  await loopback?.close();
  loopback = undefined;
});

/** An endless pull-based body that counts the chunks it made and records its cancel. */
function countingBody() {
  const cancelled = deferred<unknown>();
  const state = {
    pulled: 0,
    cancelled: cancelled.promise,
    stream: new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          // A macrotask now and then, so a body that is never paused fails the test, not hangs it.
          if (state.pulled % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
          state.pulled += 1;
          controller.enqueue(new Uint8Array(CHUNK_BYTES).fill(120));
        },
        cancel(reason) {
          cancelled.resolve(reason);
        },
      },
      { highWaterMark: 0 },
    ),
  };
  return state;
}

/** Serves `respond()` with sendResponse; `served` settles when sendResponse's promise does. */
async function serve(respond: () => Response, before?: (res: import('node:http').ServerResponse) => void) {
  const served = deferred<'resolved' | 'rejected'>();
  loopback = await listen((_req, res) => {
    before?.(res);
    sendResponse(res, respond()).then(
      () => served.resolve('resolved'),
      () => served.resolve('rejected'),
    );
  });
  return { url: loopback.url, served: served.promise };
}

describe('sendResponse', () => {
  it('writes the status, headers (each Set-Cookie on its own) and body of a fetch Response', async () => {
    const headers = new Headers({ 'content-type': 'application/json', 'x-trace': '7' });
    headers.append('set-cookie', 'a=1; Path=/');
    headers.append('set-cookie', 'b=2, with a comma; Path=/');
    const { url, served } = await serve(
      () => new Response('{"ok":true}', { status: 201, statusText: 'Made', headers }),
      (res) => {
        res.setHeader('x-request-id', 'abc');
        res.setHeader('x-trace', 'overridden');
      },
    );
    const req = request(url);
    req.end();
    const [response] = (await once(req, 'response')) as [IncomingMessage];
    expect(response.statusCode).toBe(201);
    expect(response.statusMessage).toBe('Made');
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['x-request-id']).toBe('abc');
    expect(response.headers['x-trace']).toBe('7');
    expect(response.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2, with a comma; Path=/']);
    let body = '';
    for await (const chunk of response) body += chunk;
    expect(body).toBe('{"ok":true}');
    expect(await served).toBe('resolved');
  });

  it('ends a response without a body', async () => {
    const { url, served } = await serve(() => new Response(null, { status: 204 }));
    const response = await fetch(url);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(await served).toBe('resolved');
  });

  it('pauses the body while the client does not read (backpressure), resumes when it reads', async () => {
    const body = countingBody();
    const { url, served } = await serve(() => new Response(body.stream));
    const req = request(url);
    req.end();
    const [response] = (await once(req, 'response')) as [IncomingMessage];

    const stalled = await plateau(() => body.pulled, { max: UNBOUNDED });
    console.info(`sendResponse: ${stalled} chunks (~${Math.round((stalled * CHUNK_BYTES) / 1024)} KiB) pulled at plateau`);
    expect(stalled).toBeGreaterThan(0);

    response.resume();
    await until(() => body.pulled > stalled + 1000, 'body read again after the client reads');

    req.destroy();
    await within(body.cancelled, 1000, 'body cancelled after disconnect');
    expect(await within(served, 1000, 'sendResponse settles')).toBe('resolved');
  });

  it('cancels the body when the client disconnects mid-stream', async () => {
    const body = countingBody();
    const { url, served } = await serve(() => new Response(body.stream));
    const abort = new AbortController();
    const reader = (await fetch(url, { signal: abort.signal })).body!.getReader();
    await reader.read();
    abort.abort();
    await within(body.cancelled, 1000, 'body cancelled after disconnect');
    expect(await within(served, 1000, 'sendResponse settles')).toBe('resolved');
  });

  it('cancels the body and resolves when the client left before it was called', async () => {
    const body = countingBody();
    const arrived = deferred();
    const served = deferred<'resolved'>();
    loopback = await listen((_req, res) => {
      arrived.resolve();
      res.once('close', () => void sendResponse(res, new Response(body.stream)).then(() => served.resolve('resolved')));
    });
    const client = request(loopback.url);
    client.on('error', () => {});
    client.end();
    await arrived.promise;
    client.destroy();
    expect(await within(served.promise, 1000, 'sendResponse settles')).toBe('resolved');
    await within(body.cancelled, 1000, 'body cancelled');
    expect(body.pulled).toBe(0);
  });

  it('cuts the connection when the body fails, so the client sees a broken body, not a complete one', async () => {
    const { url, served } = await serve(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('partial'));
              controller.error(new Error('upstream dropped'));
            },
          }),
        ),
    );
    const response = await fetch(url);
    await expect(response.text()).rejects.toThrow();
    expect(await within(served, 1000, 'sendResponse settles')).toBe('resolved');
  });
});
