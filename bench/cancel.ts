/**
 * d. Cancel latency in Node: from `cancel()` (or unmount) to the server's `'close'` on a real
 * loopback connection.
 */
import { useChat } from '@ai-sdk/react';
import { existsSync, readFileSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { DefaultChatTransport } from 'ai';
import { createElement, useEffect } from 'react';
import { createChatController, type ChatController } from 'react-streaming-chat/core';
import { useStreamingChat, type UseStreamingChatResult } from 'react-streaming-chat';
import { installDom } from './support/dom';
import { progress, report, type Section } from './support/report';
import { now } from './support/clock';
import { startServer, type ServedRequest } from './support/server';
import { startServerThread } from './support/serverThread';
import { fmt, median, percentile, sleep } from './support/stats';

const RUNS = 31;
const TARGET_MS = 1;

installDom();
const { createRoot } = await import('react-dom/client');

// Written by `npm run test:browser`; npm runs the bench from the package root.
const BROWSER_RESULTS = 'bench/browser-results.json';

function chromiumTarget() {
  const name = 'd. click on Stop reaches the server within one frame (16.7 ms) in Chromium';
  const file = BROWSER_RESULTS;
  if (!existsSync(file)) return { name, met: false, detail: 'not measured: run `npm run test:browser` first.' };
  const { stopClickToServerClose_chat: chat, stopClickToServerClose_hook: hook } = JSON.parse(readFileSync(file, 'utf8'));
  const worst = Math.max(chat.medianMs, hook?.medianMs ?? 0);
  return {
    name,
    met: worst < 1000 / 60,
    detail: `median over ${chat.clicks} clicks: ${chat.medianMs} ms with <StreamingChat>${hook ? `, ${hook.medianMs} ms with the hook` : ''} (from \`npm run test:browser\`).`,
  };
}

/** The Chromium figure comes from `npm run test:browser`, which writes bench/browser-results.json. */
function chromiumRow(): string[] {
  const file = BROWSER_RESULTS;
  if (!existsSync(file)) return ['click on Stop → `close`, Chromium', 'run `npm run test:browser`', '', '', '', ''];
  const results = JSON.parse(readFileSync(file, 'utf8'));
  const chat = results.stopClickToServerClose_chat;
  return [`click on Stop → \`close\`, Chromium ${results.chromium} (${chat.clicks} clicks, ${results.measuredAt.slice(0, 10)})`, '', '', ms(chat.medianMs), '', ''];
}
/** Where the server runs; both report times on `clock.ts`'s clock. */
interface Place {
  url: string;
  nextRequest(): Promise<ServedRequest>;
  close(): Promise<void>;
}

// In this thread, like test/support/loopback.ts: it sees the disconnect once this thread is free,
// i.e. after everything the client does synchronously after cancelling (React committing, too).
const waiting: ((request: ServedRequest) => void)[] = [];
const local = await startServer({ clock: now, onRequest: (request) => waiting.shift()?.(request) });
const sameThread: Place = { ...local, nextRequest: () => new Promise((resolve) => waiting.push(resolve)) };
// On its own thread, as a server in another process: it also sees it while this thread is busy,
// but it has to be woken up (on 2 busy cores, not at once).
const ownThread: Place = await startServerThread();
const places = { sameThread, ownThread };

// When the client destroys its socket (undici does it inside the abort): the client's part of the time.
let destroyedAt: number | undefined;
const destroy = Socket.prototype.destroy;
Socket.prototype.destroy = function (this: Socket, ...args: Parameters<Socket['destroy']>) {
  destroyedAt ??= now();
  return destroy.apply(this, args);
};

interface Timing {
  /** cancel → the server's 'close'. */
  close: number;
  /** cancel → the client's socket.destroy(). */
  destroy: number;
}

/** Starts a stream, waits until tokens flow, cancels at a random moment and times the server seeing it. */
async function measure(
  server: Place,
  path: string,
  open: (url: string) => Promise<{ cancel(): void; received(): number }>,
  seen: (request: ServedRequest) => Promise<number> = (request) => request.closed,
): Promise<Timing> {
  const arrived = server.nextRequest();
  const stream = await open(`${server.url}${path}`);
  const request = await arrived;
  const deadline = performance.now() + 5000;
  while (stream.received() < 3) {
    if (performance.now() > deadline) throw new Error(`${path}: no tokens arrived`);
    await sleep(1);
  }
  // Not in step with the server's 2 ms writes.
  await sleep(Math.random() * 3);
  destroyedAt = undefined;
  const start = now();
  stream.cancel();
  const end = await seen(request);
  return { close: end - start, destroy: (destroyedAt ?? Number.NaN) - start };
}

/** Floor 1: `fetch`, read the body, `AbortController.abort()`; no library. */
const bareFetch = async (url: string) => {
  const abort = new AbortController();
  const response = await fetch(url, { method: 'POST', body: '{}', signal: abort.signal });
  const reader = response.body!.getReader();
  let chunks = 0;
  void (async () => {
    try {
      while (!(await reader.read()).done) chunks++;
    } catch {
      // Aborted.
    }
  })();
  return { cancel: () => abort.abort(), received: () => chunks };
};

/** Floor 2: a raw TCP socket speaking HTTP/1.1, then `socket.destroy()`; no fetch at all. */
const rawSocket = async (url: string) => {
  const { hostname, port, pathname, search } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.write(`POST ${pathname}${search} HTTP/1.1\r\nhost: ${hostname}\r\ncontent-length: 2\r\n\r\n{}`);
  let chunks = 0;
  socket.on('data', () => chunks++);
  socket.on('error', () => {});
  return { cancel: () => socket.destroy(), received: () => chunks };
};

const core = async (url: string) => {
  const chat: ChatController = createChatController({ api: url });
  void chat.send('Hello');
  return { cancel: () => chat.cancel(), received: () => chat.getSnapshot().stats.tokensReceived };
};

/** Mounts `useStreamingChat` in jsdom; `how` is what ends the stream: the hook's cancel or unmounting. */
const hook = (how: 'cancel' | 'unmount') => async (url: string) => {
  const container = document.createElement('div');
  const root = createRoot(container);
  let chat!: UseStreamingChatResult;
  const ready = new Promise<void>((resolve) => {
    function App() {
      chat = useStreamingChat({ api: url });
      useEffect(() => void chat.send('Hello').then(() => {}), []);
      useEffect(resolve, []);
      return createElement('p', null, chat.messages[1]?.content ?? '');
    }
    root.render(createElement(App));
  });
  await ready;
  return {
    cancel: () => {
      if (how === 'cancel') chat.cancel();
      else root.unmount();
    },
    received: () => chat.stats.tokensReceived,
    unmount: () => root.unmount(),
  };
};

const aiSdk = async (url: string) => {
  const container = document.createElement('div');
  const root = createRoot(container);
  let api!: ReturnType<typeof useChat>;
  const ready = new Promise<void>((resolve) => {
    function App() {
      api = useChat({ transport: new DefaultChatTransport({ api: url }) });
      useEffect(() => void api.sendMessage({ text: 'Hello' }), []);
      useEffect(resolve, []);
      return null;
    }
    root.render(createElement(App));
  });
  await ready;
  const received = () => {
    const last = api.messages.at(-1);
    return last?.role === 'assistant' ? last.parts.reduce((n, part) => n + (part.type === 'text' ? part.text.length : 0), 0) / 6 : 0;
  };
  return { cancel: () => void api.stop(), received, unmount: () => root.unmount() };
};

interface Row {
  label: string;
  path: string;
  open: (url: string) => Promise<{ cancel(): void; received(): number; unmount?: () => void }>;
  seen?: (request: ServedRequest) => Promise<number>;
  ours: boolean;
}

const rows: Row[] = [
  { label: 'floor: `net.Socket.destroy()` → `close`', path: '/endless?wire=sse&everyMs=2', open: rawSocket, ours: false },
  { label: 'floor: bare `fetch` + `AbortController.abort()` → `close`', path: '/endless?wire=sse&everyMs=2', open: bareFetch, ours: false },
  { label: '`ChatController.cancel()` (core, no React) → `close`', path: '/endless?wire=sse&everyMs=2', open: core, ours: true },
  { label: '`useStreamingChat().cancel()` → `close`', path: '/endless?wire=sse&everyMs=2', open: hook('cancel'), ours: true },
  { label: 'unmount (`root.unmount()`) → `close`', path: '/endless?wire=sse&everyMs=2', open: hook('unmount'), ours: true },
  {
    label: '`cancel()` → the source\'s signal aborts in `sendEventStream`',
    path: '/adapter?everyMs=2',
    open: hook('cancel'),
    seen: (request) => request.sourceAborted,
    ours: true,
  },
  { label: '`@ai-sdk/react` `useChat().stop()` → `close` (for comparison)', path: '/endless?wire=ui&everyMs=2', open: aiSdk, ours: false },
];

async function once(row: Row, server: Place): Promise<Timing> {
  let handle: Awaited<ReturnType<Row['open']>> | undefined;
  const timing = await measure(server, row.path, async (url) => (handle = await row.open(url)), row.seen);
  try {
    handle?.unmount?.();
  } catch {
    // Already unmounted by the measured action.
  }
  await sleep(5);
  return timing;
}

type PlaceName = keyof typeof places;
const results = rows.map((row) => ({
  row,
  times: { sameThread: [] as number[], ownThread: [] as number[] } satisfies Record<PlaceName, number[]>,
  destroys: [] as number[],
}));
// One warm-up run of each, then the runs interleaved (run 1 of every path and place, run 2…), so
// a busy moment on the machine does not land on one path only.
for (const { row } of results) for (const place of Object.values(places)) await once(row, place);
for (let run = 1; run <= RUNS; run++) {
  for (const result of results) {
    for (const name of Object.keys(places) as PlaceName[]) {
      const timing = await once(result.row, places[name]);
      result.times[name].push(timing.close);
      result.destroys.push(timing.destroy);
    }
  }
}
for (const { row, times } of results) {
  progress(`${row.label}: median ${fmt(median(times.sameThread), 3)} / ${fmt(median(times.ownThread), 3)} ms`);
}
await Promise.all(Object.values(places).map((place) => place.close()));

const ms = (value: number) => fmt(value, 3);
const find = (label: string) => results.find((r) => r.row.label.startsWith(label))!;
const fetchFloor = median(find('floor: bare `fetch`').times.sameThread);
const socketFloor = median(find('floor: `net.Socket').times.sameThread);
const fetchDestroy = median(find('floor: bare `fetch`').destroys);
const ourRows = results.filter((r) => r.row.ours && !r.row.seen);
const worst = ourRows.reduce((a, b) => (median(a.times.sameThread) >= median(b.times.sameThread) ? a : b));
const worstMs = median(worst.times.sameThread);
const slowestClient = Math.max(...ourRows.map((r) => median(r.destroys)));
const section: Section = {
  title: 'Cancel → the server sees the disconnect (Node, loopback)',
  intro:
    `Median of ${RUNS} runs each (after one warm-up; paths and places interleaved), in ms. Each run streams from a ` +
    'node:http server on 127.0.0.1 (a token every 2 ms), waits for 3 tokens, waits a random 0–3 ms, then times ' +
    "from the call to the server's `res.on('close')`, both read from `process.hrtime`. The server runs either in " +
    'the same thread as the client (as test/support/loopback.ts; it sees the close once the client thread is ' +
    'free) or on its own worker thread (as another process would; it must be woken up).',
  table: {
    head: ['path', 'same thread: median', 'p90', 'own thread: median', 'p90', 'client share: → socket.destroy()'],
    rows: [
      ...results.map(({ row, times, destroys }) => [
        row.label,
        ms(median(times.sameThread)),
        ms(percentile(times.sameThread, 0.9)),
        ms(median(times.ownThread)),
        ms(percentile(times.ownThread, 0.9)),
        ms(median(destroys)),
      ]),
      chromiumRow(),
    ],
  },
  notes: [
    'The two "floor" rows use no library: what the kernel, Node\'s event loop and undici cost on this machine.',
    'Last column (median over both places): from the call to the client destroying its socket ' +
      '(`net.Socket.prototype.destroy`, which undici calls inside its abort): the client\'s own share, before the ' +
      'kernel and the server.',
  ],
  targets: [
    {
      name: `d. cancel and unmount reach the server in under ${TARGET_MS} ms`,
      met: worstMs < TARGET_MS,
      detail:
        ourRows.map(({ row, times }) => `${row.label.split(' → ')[0]}: ${ms(median(times.sameThread))} ms`).join('; ') +
        ` (medians, server in the same thread; floors: bare \`fetch\` + abort ${ms(fetchFloor)} ms, raw socket ` +
        `${ms(socketFloor)} ms).`,
      limit:
        worstMs < TARGET_MS
          ? undefined
          : `mostly not our code. The client's share (call → socket destroyed) is at most ${ms(slowestClient)} ms ` +
            `for ours against ${ms(fetchDestroy)} ms for a bare \`fetch\` abort: undici runs its abort algorithm ` +
            `before it destroys the socket, and unmount adds React's unmount work before the effect cleanup runs. ` +
            `The rest is the kernel and the server's event loop: a bare \`fetch\` abort takes ${ms(fetchFloor)} ms ` +
            `end to end and a raw socket ${ms(socketFloor)} ms on this machine (2 cores; see the load average above).`,
    },
    chromiumTarget(),
  ],
};

report([section]);
