import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { listen, type Loopback } from '../../support/loopback';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export type { Loopback as LoopbackServer } from '../../support/loopback';

/** Routes a request itself and returns true, or returns false to let the static files answer. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * A `node:http` server on 127.0.0.1 (never another interface), on a free port: `routes` first,
 * then the files under `root` (GET only; `/` is `index.html`).
 */
export async function serveLoopback(root: string, routes: RouteHandler = () => false): Promise<Loopback> {
  const server = createServer((req, res) => {
    if (routes(req, res)) return;
    serveFile(root, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  return listen(server);
}

async function serveFile(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  const file = join(root, relative === '' || relative.endsWith(sep) ? join(relative, 'index.html') : relative);
  const found = file.startsWith(root) && req.method === 'GET' ? await stat(file).catch(() => undefined) : undefined;
  if (!found?.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': found.size,
    'cache-control': 'no-store',
  });
  createReadStream(file).pipe(res);
}
