// @vitest-environment node
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { ChatController } from 'react-streaming-chat/core';
import { fastapiChat } from '../readme/snippets/fastapiClient';
import { freePort } from '../readme/support';

// Runs the README's FastAPI server for real: Debian's FastAPI and uvicorn (CI installs
// `python3-fastapi python3-uvicorn`), with test/readme/python/sse_starlette standing in for
// sse-starlette, which Debian does not package. The stand-in writes sse-starlette's wire format
// (CRLF line endings, `: ping` comments) and, like it, cancels the generator on a disconnect.

const python = '/usr/bin/python3';
const snippets = fileURLToPath(new URL('../readme/snippets/', import.meta.url));
const standIn = fileURLToPath(new URL('../readme/python/', import.meta.url));

interface Uvicorn {
  base: string;
  child: ChildProcess;
  /** Everything the server printed on stdout so far. */
  stdout: () => string;
  /** Resolves when stdout has matched `pattern`; rejects if the server exits first. */
  printed: (pattern: RegExp) => Promise<void>;
}

async function startUvicorn(attempts = 3): Promise<Uvicorn> {
  const port = await freePort();
  const child = spawn(
    python,
    ['-m', 'uvicorn', 'fastapi_server:app', '--host', '127.0.0.1', '--port', String(port), '--no-access-log'],
    {
      cwd: snippets,
      env: {
        ...process.env,
        PYTHONPATH: [standIn, snippets].join(':'),
        PYTHONDONTWRITEBYTECODE: '1',
        PYTHONUNBUFFERED: '1',
        // Pings every 10 ms, between the 20 ms tokens: the client must skip them.
        SSE_STANDIN_PING_SECONDS: '0.01',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(
      `uvicorn exited (code ${code}). FastAPI and uvicorn are required: ` +
        `apt-get install -y python3-fastapi python3-uvicorn\n${stderr}`,
    );
  });
  exited.catch(() => {});

  const output = (read: () => string, pattern: RegExp) =>
    Promise.race([
      exited,
      new Promise<void>((resolve) => {
        const check = () => {
          if (!pattern.test(read())) return;
          child.stdout!.off('data', check);
          child.stderr!.off('data', check);
          resolve();
        };
        child.stdout!.on('data', check);
        child.stderr!.on('data', check);
        check();
      }),
    ]);

  try {
    await output(() => stderr, /Uvicorn running on/);
  } catch (error) {
    // Someone took the port between freePort() and uvicorn's bind: try another one.
    if (attempts > 1 && /address already in use|Errno 98/i.test(stderr)) return startUvicorn(attempts - 1);
    throw error;
  }
  return { base: `http://127.0.0.1:${port}`, child, stdout: () => stdout, printed: (pattern) => output(() => stdout, pattern) };
}

let server: Uvicorn;
beforeAll(async () => {
  server = await startUvicorn();
});
afterAll(async () => {
  if (server?.child.exitCode !== null) return;
  const exit = once(server.child, 'exit');
  server.child.kill('SIGTERM');
  await exit;
});

// The README's options, with the page's origin made explicit (Node has no `location`).
const chatWithServer = (onToken?: () => void) =>
  new ChatController({ ...fastapiChat, fetch: (url, init) => fetch(`${server.base}${String(url)}`, init), onToken });

describe('README: the FastAPI server', () => {
  it('speaks sse-starlette: CRLF frames, event: token, : ping comments, event: done', async () => {
    const response = await fetch(`${server.base}/chat/stream?prompt=${encodeURIComponent('Hello there world')}`);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const wire = await response.text();
    expect(wire).toContain('event: token\r\ndata: Hello \r\n\r\n');
    expect(wire).toMatch(/\r\n\r\n: ping - \d{4}-\d\d-\d\d [^\r\n]+\r\n\r\n/);
    expect(wire).toMatch(/event: token\r\ndata: world\r\n\r\nevent: done\r\ndata: \r\n\r\n$/);
  });

  it('the client (GET ?prompt=, protocol sse) gets the exact answer', async () => {
    const prompt = 'Hé, wörld: 2 + 2 = 4? & 🎉 /path?x=1#y   spaced';
    const chat = chatWithServer();
    const reply = await chat.send(prompt);
    expect(reply).toMatchObject({ status: 'done', content: prompt });
    expect(chat.getSnapshot().error).toBeUndefined();
  });

  it('a cancel on the client reaches the server: the generator stops', async () => {
    const prompt = Array.from({ length: 300 }, (_, i) => `w${i}`).join(' ');
    let firstToken!: () => void;
    const arrived = new Promise<void>((resolve) => (firstToken = resolve));
    const client = chatWithServer(() => firstToken());
    const reply = client.send(prompt);
    await arrived;
    expect(server.stdout()).not.toMatch(/client disconnected/);
    client.cancel();
    await expect(reply).resolves.toMatchObject({ status: 'cancelled' });
    await server.printed(/client disconnected: generation stopped/);
  });
});
