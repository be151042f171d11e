/**
 * i. Resumable streams, from the client's side, on real loopback connections:
 * - drop → first resumed token: a TCP proxy cuts the response mid-body; the time from the cut to
 *   the first token the client decodes from its reconnect (GET with Last-Event-ID);
 * - per-reader memory on the server: a 10 MiB reply in the memory store, read by stalled clients;
 * - cross-instance stop: the client's cancel() sends its DELETE to instance B, the model runs on
 *   instance A; the time until A's model signal aborts (Redis, when a redis-server is installed).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer as createTcpServer, connect as connectTcp, type AddressInfo } from 'node:net';
import { createClient } from 'redis';
import { memoryStreamStore } from 'react-streaming-chat/server';
import { redisStreamStore } from 'react-streaming-chat/server/redis';
import {
  client,
  cuttingProxy,
  endlessSource,
  resumableServer,
  tokenSource,
  words,
  type ResumableServer,
} from '../test/resumable/harness';
import { progress, report, type Section } from './support/report';
import { bytes, fmt, median, percentile, settle, sleep } from './support/stats';

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const ms = (value: number) => `${fmt(value, value < 10 ? 1 : 0)} ms`;

// ── drop → first resumed token ─────────────────────────────────────────────────────────────

async function dropToToken(retryMs: number | undefined, runs: number): Promise<number[]> {
  const server = await resumableServer(retryMs === undefined ? {} : { retryMs });
  const proxy = await cuttingProxy(server.url);
  const times: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      server.reply(endlessSource(words(5), 5));
      const cut = proxy.cutAt('data: more10 ', 4);
      let cutAt = 0;
      void cut.done.then(() => (cutAt = performance.now()));
      let resumedAt = 0;
      const { chat } = client(`${proxy.url}/chat`, {
        onToken: () => {
          if (!resumedAt && chat.getSnapshot().stats.reconnects > 0) resumedAt = performance.now();
        },
      });
      const done = chat.send('go');
      // The reconnect's first token: polled, since onToken fires inside the decoder.
      while (!resumedAt) await sleep(5);
      times.push(resumedAt - cutAt);
      chat.cancel();
      await done;
      await settle();
    }
  } finally {
    await proxy.close();
    await server.close();
  }
  return times;
}

// ── per-reader memory on the server ────────────────────────────────────────────────────────

const REPLY_BYTES = 10 * 1024 * 1024;
const TOKEN_BYTES = 1024;
const READERS = 20;

/** A child process that opens `count` GETs of `url` and never reads past the headers. */
function stalledReaders(url: string, count: number): ChildProcess {
  const { hostname, port, pathname } = new URL(url);
  const code = `
    const net = require('node:net');
    for (let i = 0; i < ${count}; i++) {
      const socket = net.connect(${port}, ${JSON.stringify(hostname)}, () => {
        socket.write('GET ${pathname} HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n');
      });
      socket.once('data', () => { socket.pause(); process.send?.('open'); });
    }
    process.on('message', () => process.exit(0));
  `;
  return spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
}

const heap = () => {
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

async function perReaderMemory() {
  const server = await resumableServer({ store: memoryStreamStore(), abandonAfterMs: 600_000 });
  try {
    const token = `${'x'.repeat(TOKEN_BYTES - 1)} `;
    server.reply(tokenSource(Array.from({ length: REPLY_BYTES / TOKEN_BYTES }, () => token)));
    // The first reader takes the whole reply, so the log is complete before we measure.
    const response = await fetch(`${server.url}/chat`, { method: 'POST', body: '{}' });
    const id = response.headers.get('x-stream-id')!;
    let read = 0;
    for await (const chunk of response.body!) read += chunk.byteLength;
    await settle();
    const base = heap();
    const readers = stalledReaders(`${server.url}/chat/${id}`, READERS);
    let opened = 0;
    await new Promise<void>((resolve) => readers.on('message', () => ++opened === READERS && resolve()));
    // Let each server-side reader fill what TCP and the stream hold, then measure.
    let last = -1;
    let held = heap();
    for (let i = 0; i < 40 && Math.abs(held - last) > 4096; i++) {
      last = held;
      await sleep(100);
      held = heap();
    }
    readers.send('exit');
    await once(readers, 'exit');
    return { logBytes: read, base, held, perReader: (held - base) / READERS };
  } finally {
    await server.close();
  }
}

// ── cross-instance stop, with Redis ─────────────────────────────────────────────────────────

async function freePort(): Promise<number> {
  const probe = createTcpServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startRedis(): Promise<{ url: string; stop(): Promise<void> } | string> {
  if (spawnSync('redis-server', ['--version']).status !== 0) return 'no redis-server installed (apt-get install redis-server)';
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const exited = once(redis, 'exit');
  for (let i = 0; ; i++) {
    try {
      const socket = connectTcp(port, '127.0.0.1');
      await once(socket, 'connect');
      socket.destroy();
      break;
    } catch {
      if (i > 100) {
        redis.kill('SIGKILL');
        return 'redis-server did not start';
      }
      await sleep(50);
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      redis.kill('SIGTERM');
      await exited;
    },
  };
}

async function crossInstanceStop(runs: number): Promise<number[] | string> {
  const redis = await startRedis();
  if (typeof redis === 'string') return redis;
  const clients = [createClient({ url: redis.url }), createClient({ url: redis.url })];
  const servers: ResumableServer[] = [];
  const stores: ReturnType<typeof redisStreamStore>[] = [];
  try {
    await Promise.all(clients.map((c) => c.connect()));
    const prefix = `rsc-bench-${crypto.randomUUID().slice(0, 8)}:`;
    for (const c of clients) {
      stores.push(redisStreamStore({ client: c, prefix }));
      servers.push(await resumableServer({ store: stores.at(-1)! }));
    }
    const [a, b] = servers as [ResumableServer, ResumableServer];
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      a.reply(endlessSource(words(3), 5));
      const { chat } = client(`${a.url}/chat`, {
        // The DELETE goes to the other instance.
        prepareStopRequest: ({ streamId }) => ({ url: `${b.url}/chat/${streamId}` }),
      });
      const done = chat.send('go');
      while (!chat.getSnapshot().messages.at(-1)!.content.includes('more2 ')) await sleep(5);
      const model = a.models.at(-1)!;
      const aborted = new Promise<number>((resolve) => model.signal!.addEventListener('abort', () => resolve(performance.now()), { once: true }));
      const cancelledAt = performance.now();
      chat.cancel();
      times.push((await aborted) - cancelledAt);
      await done;
      await settle();
    }
    return times;
  } finally {
    for (const server of servers) await server.close();
    // The stores' own connections (pub/sub) and timers, then the clients.
    await Promise.all(stores.map((store) => store.close().catch(() => {})));
    await Promise.all(clients.map((c) => c.quit().catch(() => {})));
    await redis.stop();
  }
}

// ── run ─────────────────────────────────────────────────────────────────────────────────────

const RUNS = 21;
const sections: Section[] = [];

progress('drop → first resumed token');
const withRetry0 = await dropToToken(0, RUNS);
const withBackoff = await dropToToken(undefined, RUNS);
const row = (label: string, times: number[]) => [label, String(times.length), ms(median(times)), ms(percentile(times, 0.9)), ms(Math.max(...times))];
sections.push({
  title: 'Drop → first resumed token',
  intro:
    'A TCP proxy on 127.0.0.1 cuts the response mid-event (node:http, `createResumableStreams` with the memory store, ' +
    'a model yielding a token every 5 ms); the client (`ChatController`, default fetch) reconnects with Last-Event-ID. ' +
    'Time from the cut to the first token decoded from the reconnect.',
  table: {
    head: ['client wait', 'runs', 'median', 'p90', 'max'],
    rows: [row('server `retry: 0`', withRetry0), row('default backoff (250 ms × 0.5–1.5 jitter)', withBackoff)],
  },
  notes: ['With `retry: 0` the figure is the reconnect itself: a new connection, the GET, the replay of the events the model produced meanwhile.'],
});

progress('per-reader memory (10 MiB reply, memory store)');
const memory = await perReaderMemory();
sections.push({
  title: 'Per-reader memory on the server: a 10 MiB reply, memory store',
  intro:
    `A finished ${bytes(memory.logBytes)} reply (1 KiB tokens) in \`memoryStreamStore\`; ${READERS} clients (another process) ` +
    'GET it and stop reading after the first bytes. Heap plus array buffers of the server process after a GC, before and with the readers.',
  table: {
    head: ['log in the store', 'stalled readers', 'server memory before', 'with the readers', 'per reader'],
    rows: [[bytes(memory.logBytes), String(READERS), bytes(memory.base), bytes(memory.held), bytes(memory.perReader)]],
  },
  notes: [
    'A reader holds at most one batch (64 events, here about 64 KiB) plus what its socket buffers; the log itself is shared. TCP pauses the rest.',
  ],
});

progress('cross-instance stop (Redis)');
const stops = await crossInstanceStop(RUNS);
const stopTarget = 100;
sections.push({
  title: 'Cross-instance stop: cancel() → the model on the other instance aborts',
  intro:
    'Two node:http instances share one local `redis-server` (`redisStreamStore`); the client reads from A and its ' +
    '`prepareStopRequest` sends the keepalive DELETE to B. Time from `cancel()` to the model signal aborting on A.',
  table: {
    head: ['runs', 'median', 'p90', 'max'],
    rows: typeof stops === 'string' ? [['skipped', stops, '', '']] : [[String(stops.length), ms(median(stops)), ms(percentile(stops, 0.9)), ms(Math.max(...stops))]],
  },
  targets: [
    typeof stops === 'string'
      ? { name: `i. cross-instance stop under ${stopTarget} ms (median)`, met: false, detail: `not measured: ${stops}.` }
      : {
          name: `i. cross-instance stop under ${stopTarget} ms (median)`,
          met: median(stops) < stopTarget,
          detail: `median ${ms(median(stops))} over ${stops.length} runs, from the client's cancel() through its DELETE to B, Redis pub/sub, to the model's signal on A.`,
        },
  ],
});

report(sections);
