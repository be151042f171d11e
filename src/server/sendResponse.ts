import type { ServerResponse } from 'node:http';

/**
 * Writes a fetch `Response` (status, headers, body) to a `node:http` response (also Express,
 * Fastify's `reply.raw`, Koa's `ctx.res`), so one fetch-style handler serves both worlds.
 *
 * - Backpressure: when `res.write()` returns false, the body is not read again until `'drain'`,
 *   so a pull-based body (`eventStream`, `uiMessageStream`, an upstream `fetch`) pauses.
 * - When the client disconnects (`'close'` before the end), the body's reader is cancelled, so
 *   the stream behind it stops (its source's signal aborts).
 * - Headers already set on `res` are kept unless the response sets the same name; if headers
 *   were already sent, only the body is written. A body that errors destroys the connection,
 *   so the client sees a truncated response rather than a complete one.
 *
 * Resolves when the body has been written or the client has left; never rejects.
 *
 * @example
 * createServer(async (req, res) => sendResponse(res, await handle(toRequest(req))));
 */
export async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  const body = response.body;
  // The client left before we started: nothing to write, but the body may hold a source open.
  if (res.destroyed) {
    await body?.cancel().catch(() => {});
    return;
  }
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const cancel = (): void => {
    reader?.cancel().catch(() => {});
  };
  res.once('close', cancel);
  try {
    if (!res.headersSent) writeHead(res, response);
    if (!body) return void res.end();
    reader = body.getReader();
    // `destroyed` is checked too: 'close' may have fired before we listened, or not yet.
    while (!res.destroyed) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await drainOrClose(res);
    }
    if (res.destroyed) cancel();
    else res.end();
  } catch {
    // The body failed (an upstream that dropped) or the response is gone: end the connection
    // without the terminating chunk, so the client does not take a partial body for a whole one.
    cancel();
    res.destroy();
  } finally {
    res.off('close', cancel);
  }
}

function writeHead(res: ServerResponse, response: Response): void {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  response.headers.forEach((value, name) => {
    // Headers joins several Set-Cookie values with commas, which breaks them; send each one.
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.flushHeaders();
}

/** Resolves once a full response can take more ('drain'), or the client has gone ('close'). */
function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * `sendResponse` for a stream body with default headers: headers and status already set on
 * `res` win over `defaults` (the node adapters' contract), status defaults to 200.
 */
export function sendStream(
  res: ServerResponse,
  body: ReadableStream<Uint8Array>,
  defaults: Readonly<Record<string, string>>,
): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(defaults)) if (!res.hasHeader(name)) headers[name] = value;
  return sendResponse(res, new Response(body, { status: res.statusCode, headers }));
}
