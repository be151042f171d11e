// @vitest-environment node
// Hours of use in one process: 1,000 send/cancel cycles and 1,000 completed streams against a
// real loopback server, then a count of what is still alive. Nothing may grow but noise.
import { getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ChatController, type ChatMessage } from 'react-streaming-chat/core';
import { sendEventStream } from 'react-streaming-chat/server';
import { listen } from '../support/loopback';
import { deferred, guardUnhandledRejections, sleep, tapFetch, when } from './harness';

guardUnhandledRejections();

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const CYCLES = 1_000;
const COMPLETED = 1_000;
const TOKENS = 20;

// --- instruments ----------------------------------------------------------------------------

/** Every AbortSignal that ever had an 'abort' listener, weakly held. */
const signals: WeakRef<AbortSignal>[] = [];
let abortListenersAdded = 0;
const addEventListener = AbortSignal.prototype.addEventListener;
/** Timers set through the global setTimeout and neither fired nor cleared. */
const liveTimers = new Set<unknown>();
const { setTimeout: realSetTimeout, clearTimeout: realClearTimeout } = globalThis;

function install() {
  AbortSignal.prototype.addEventListener = function (this: AbortSignal, ...args: Parameters<typeof addEventListener>) {
    if (args[0] === 'abort') abortListenersAdded++;
    if (args[0] === 'abort' && !signals.some((ref) => ref.deref() === this)) {
      // Forget the collected ones as we go, so the instrument itself does not grow.
      if (signals.length % 256 === 255) signals.splice(0, Infinity, ...signals.filter((ref) => ref.deref()));
      signals.push(new WeakRef(this));
    }
    return addEventListener.apply(this, args);
  } as typeof addEventListener;
  globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = realSetTimeout(
      (...values: unknown[]) => {
        liveTimers.delete(timer);
        callback(...values);
      },
      ms,
      ...args,
    );
    liveTimers.add(timer);
    return timer;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((timer?: Parameters<typeof clearTimeout>[0]) => {
    liveTimers.delete(timer);
    realClearTimeout(timer);
  }) as typeof clearTimeout;
}

function uninstall() {
  AbortSignal.prototype.addEventListener = addEventListener;
  globalThis.setTimeout = realSetTimeout;
  globalThis.clearTimeout = realClearTimeout;
}

interface Reading {
  heapMB: number;
  signalsAlive: number;
  abortListeners: number;
  liveTimers: number;
  activeTimeouts: number;
  activeSockets: number;
  pendingReads: number;
}

function measure(tap: { pendingReads: number }): Reading {
  for (let i = 0; i < 4; i++) collectGarbage();
  const alive = signals.map((ref) => ref.deref()).filter((signal) => signal !== undefined);
  const resources = process.getActiveResourcesInfo();
  return {
    heapMB: +(process.memoryUsage().heapUsed / 2 ** 20).toFixed(2),
    signalsAlive: alive.length,
    abortListeners: alive.reduce((sum, signal) => sum + getEventListeners(signal, 'abort').length, 0),
    liveTimers: liveTimers.size,
    activeTimeouts: resources.filter((name) => name === 'Timeout').length,
    activeSockets: resources.filter((name) => name === 'TCPSocketWrap').length,
    pendingReads: tap.pendingReads,
  };
}

// --- the soak -------------------------------------------------------------------------------

afterAll(uninstall);

it(`${CYCLES} send/cancel cycles and ${COMPLETED} completed streams leak nothing`, async () => {
  install();
  const sources = { started: 0, finished: 0 };
  let openResponses = 0;
  const server = await listen((req, res) => {
    openResponses++;
    res.once('close', () => openResponses--);
    void sendEventStream(res, async function* () {
      sources.started++;
      try {
        if (req.url!.startsWith('/complete')) {
          for (let i = 0; i < TOKENS; i++) yield `t${i} `;
        } else {
          for (let i = 0; ; i++) {
            if (i > 0) await sleep(2);
            yield `e${i} `;
          }
        }
      } finally {
        sources.finished++;
      }
    });
  });
  onTestFinished(() => server.close());
  const tap = tapFetch();
  let firstToken = deferred();
  // The idle timeout is on, as it would be in production: its timer must not outlive a request.
  const options = { fetch: tap.fetch, idleTimeoutMs: 30_000 };
  const endless = new ChatController({ api: `${server.url}/endless`, ...options, onToken: () => firstToken.resolve() });
  const complete = new ChatController({ api: `${server.url}/complete`, ...options });
  const expected = Array.from({ length: TOKENS }, (_, i) => `t${i} `).join('');
  const tally = { cancelled: 0, cancelledWithContent: 0, done: 0, wrong: [] as ChatMessage[] };

  // Three ways to cancel: in the same tick as send, once the headers are in, after the first token.
  async function cancelCycle(i: number) {
    firstToken = deferred();
    const result = endless.send(`cycle ${i}`);
    if (i % 3 === 1) await when(endless, (s) => s.status === 'streaming' || !s.isStreaming);
    if (i % 3 === 2) await firstToken.promise;
    endless.cancel();
    const message = await result;
    if (message.status === 'cancelled' && endless.getSnapshot().status === 'cancelled') tally.cancelled++;
    else tally.wrong.push(message);
    if (message.content) tally.cancelledWithContent++;
    if (i % 50 === 49) endless.reset();
  }

  async function completeCycle(i: number) {
    const message = await complete.send(`stream ${i}`);
    if (message.status === 'done' && message.content === expected) tally.done++;
    else tally.wrong.push(message);
    if (i % 50 === 49) complete.reset();
  }

  const settled = async () => {
    endless.reset();
    complete.reset();
    await vi.waitFor(() => expect(sources.finished).toBe(sources.started), { timeout: 5_000 });
    await vi.waitFor(() => expect(tap.pendingReads).toBe(0), { timeout: 5_000 });
    // Sockets of aborted requests close on their own schedule.
    await vi.waitFor(() => expect(openResponses).toBe(0), { timeout: 5_000 });
  };

  // Warm up (JIT, connection pool, lazily created module state), then the baseline.
  for (let i = 0; i < 60; i++) await cancelCycle(i);
  for (let i = 0; i < 60; i++) await completeCycle(i);
  await settled();
  const before = measure(tap);
  Object.assign(tally, { cancelled: 0, cancelledWithContent: 0, done: 0 });

  // Two halves, each with half of both kinds: a leak per exchange shows as growth between them.
  let cancelMs = 0;
  let completeMs = 0;
  let mid!: Reading;
  for (let half = 0; half < 2; half++) {
    let started = performance.now();
    for (let i = 0; i < CYCLES / 2; i++) await cancelCycle(half * (CYCLES / 2) + i);
    cancelMs += performance.now() - started;
    started = performance.now();
    for (let i = 0; i < COMPLETED / 2; i++) await completeCycle(half * (COMPLETED / 2) + i);
    completeMs += performance.now() - started;
    await settled();
    if (half === 0) mid = measure(tap);
  }
  const after = measure(tap);
  uninstall();

  console.info(
    [
      `soak: ${CYCLES} send/cancel cycles in ${(cancelMs / 1000).toFixed(1)} s, ${COMPLETED} completed streams in ${(completeMs / 1000).toFixed(1)} s`,
      `  cancelled ${tally.cancelled} (${tally.cancelledWithContent} with content), done ${tally.done}, wrong ${tally.wrong.length}; server sources started ${sources.started}, finished ${sources.finished}`,
      `  'abort' listeners added since warm-up began: ${abortListenersAdded}`,
      `  before: ${JSON.stringify(before)}`,
      `  half:   ${JSON.stringify(mid)}`,
      `  after:  ${JSON.stringify(after)}`,
    ].join('\n'),
  );

  expect(tally.wrong).toEqual([]);
  expect(tally.cancelled).toBe(CYCLES);
  expect(tally.done).toBe(COMPLETED);
  expect(tally.cancelledWithContent).toBeGreaterThanOrEqual(Math.floor(CYCLES / 3));
  expect(sources.finished).toBe(sources.started);
  expect(after.pendingReads).toBe(0);
  // Generous bounds: a leak per exchange would be 2,000 of something.
  expect(after.abortListeners).toBeLessThanOrEqual(before.abortListeners + 10);
  expect(after.signalsAlive).toBeLessThanOrEqual(before.signalsAlive + 10);
  expect(after.liveTimers).toBeLessThanOrEqual(before.liveTimers + 5);
  expect(after.activeTimeouts).toBeLessThanOrEqual(before.activeTimeouts + 5);
  expect(after.activeSockets).toBeLessThanOrEqual(before.activeSockets + 10);
  expect(after.heapMB - before.heapMB).toBeLessThan(8);
  // ~1 KiB kept per exchange would be ~1 MiB here.
  expect(after.heapMB - mid.heapMB).toBeLessThan(1);
}, 90_000);
