import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createBigReply } from './support/bigReply';
import { launchChromium } from './support/chromium';
import { startFixtureServer, type FixtureServer, type StreamRecord } from './support/fixtureServer';
import { openPage, type WatchedPage } from './support/pages';
import { median, plateau, wallClock, within } from './support/waiting';
import './fixtures/pageGlobals';

// The fixture page (fixtures/app.tsx, built by globalSetup.ts) in Chromium, against a real
// node:http server on 127.0.0.1 whose /api/* handlers use `sendEventStream` from
// react-streaming-chat/server. The server records what it saw: bytes written, when the response
// closed, when the source's `finally` ran. Times on both sides are wall-clock milliseconds
// (`performance.timeOrigin + performance.now()`); the page's clock offset is measured and
// reported with them. The figures go to bench/browser-results.json.

const TOKEN_MS = 15;
const STOP_ROUNDS = 10;
const UNMOUNT_ROUNDS = 3;
const MiB = 1024 * 1024;
// Far above what the sockets between the server and the page can hold (see `inFlightBound`).
const BIG = createBigReply(96 * MiB);

/** A slow model: a short token every TOKEN_MS, far more of them than any test waits for. */
function slowTokens(record: StreamRecord) {
  return async function* (signal: AbortSignal) {
    try {
      for (let index = 0; index < 100_000; index++) {
        await sleep(TOKEN_MS, undefined, { signal });
        const token = `w${index} `;
        record.text += token;
        yield token;
      }
      record.completed = true;
    } finally {
      record.finallyAt = wallClock();
    }
  };
}

async function* bigTokens(record: StreamRecord) {
  try {
    yield* BIG.tokens();
    record.completed = true;
  } finally {
    record.finallyAt = wallClock();
  }
}

let server: FixtureServer;
let browser: Browser;
const results: Record<string, unknown> = {};

beforeAll(async () => {
  server = await startFixtureServer(inject('fixtureDir'), { chat: slowTokens, big: bigTokens });
  browser = await launchChromium();
  results.chromium = browser.version();
});

const MEASUREMENTS = [
  'stopClickToServerClose_chat',
  'unmountToServerClose_chat',
  'stopClickToServerClose_hook',
  'unmountToServerClose_hook',
  'stalledRenderer',
];

afterAll(async () => {
  await browser?.close();
  await server?.close();
  // Only a full, passing set replaces the figures bench/RESULTS.md quotes.
  const missing = MEASUREMENTS.filter((key) => !(key in results));
  if (missing.length) {
    console.info(`not writing bench/browser-results.json: no ${missing.join(', ')}`);
    return;
  }
  const file = new URL('../../bench/browser-results.json', import.meta.url);
  await mkdir(new URL('.', file), { recursive: true });
  await writeFile(file, `${JSON.stringify({ measuredAt: new Date().toISOString(), ...results }, null, 2)}\n`);
});

/** The text the latest assistant message shows, without its caret or stopped mark. */
const shownText = (page: Page) =>
  page.evaluate(() => {
    const message = [...document.querySelectorAll('[data-role="assistant"]')].at(-1);
    const copy = message?.cloneNode(true) as Element | undefined;
    for (const decoration of copy?.querySelectorAll('.rsc-caret, .rsc-mark') ?? []) decoration.remove();
    return copy?.textContent ?? '';
  });

const lastClick = async (page: Page, name: string): Promise<number> => {
  const click = await page.evaluate((name) => window.__clicks.findLast((click) => click.name === name), name);
  if (!click) throw new Error(`the page saw no click on "${name}"`);
  return click.at;
};

/** Sends `text` and waits until the reply has shown a few tokens and is still growing. */
async function sendAndWatchItGrow(page: Page, text: string): Promise<StreamRecord> {
  const request = server.nextRequest();
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  const record = await within(request, 20_000, 'the server got the request');
  expect(record.input).toBe(text);
  const assistant = page.locator('[data-role="assistant"]').last();
  await assistant.filter({ hasText: 'w3 ' }).waitFor();
  const before = (await shownText(page)).length;
  await page.waitForFunction(
    (before) => {
      const message = [...document.querySelectorAll('[data-role="assistant"]')].at(-1);
      return (message?.textContent?.length ?? 0) > before + 4;
    },
    before,
    { timeout: 20_000 },
  );
  return record;
}

/** The page's clock against ours: the round trip with the least delay gives the best estimate. */
async function clockOffset(page: Page): Promise<{ offsetMs: number; roundTripMs: number }> {
  let best = { offsetMs: 0, roundTripMs: Infinity };
  for (let sample = 0; sample < 7; sample++) {
    const sent = wallClock();
    const pageTime = await page.evaluate(() => performance.timeOrigin + performance.now());
    const received = wallClock();
    if (received - sent < best.roundTripMs) best = { offsetMs: pageTime - (sent + received) / 2, roundTripMs: received - sent };
  }
  return best;
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * The most bytes a paused page may leave in flight: the kernel's largest TCP receive and send
 * buffers (Linux autotunes up to these), plus 8 MiB for Chromium's data pipe and the page's
 * bounded read-ahead (`bufferSize` tokens and one network chunk).
 */
async function inFlightBound(): Promise<number> {
  const max = async (file: string) => Number((await readFile(file, 'utf8')).trim().split(/\s+/).at(-1));
  const [receive, send] = await Promise.all([
    max('/proc/sys/net/ipv4/tcp_rmem').catch(() => 32 * MiB),
    max('/proc/sys/net/ipv4/tcp_wmem').catch(() => 4 * MiB),
  ]);
  return receive + send + 8 * MiB;
}

describe.each(['chat', 'hook'] as const)('the fixture page, %s mode, against node:http', (mode) => {
  let watched: WatchedPage;

  beforeAll(async () => {
    watched = await openPage(browser);
    await watched.page.goto(`${server.url}/app.html?mode=${mode}`);
    await watched.page.getByRole('button', { name: 'Unmount chat' }).waitFor();
  });

  afterAll(async () => {
    await watched?.close();
  });

  test(`Stop: the server sees 'close' soon after the click, the partial reply stays (${STOP_ROUNDS} clicks)`, async () => {
    const { page } = watched;
    const clock = await clockOffset(page);
    const delays: number[] = [];
    for (let index = 0; index < STOP_ROUNDS; index++) {
      const record = await sendAndWatchItGrow(page, `Question ${index + 1}`);
      await page.getByRole('button', { name: 'Stop' }).click();
      const closedAt = await within(record.closed, 10_000, `round ${index + 1}: the server saw 'close'`);
      delays.push(closedAt - (await lastClick(page, 'Stop')));

      const assistant = page.locator('[data-role="assistant"]').last();
      await assistant.and(page.locator('[data-status="cancelled"]')).waitFor();
      expect(await assistant.locator('.rsc-mark').textContent()).toBe('stopped');
      expect(await assistant.locator('.rsc-mark').isVisible()).toBe(true);
      const kept = await shownText(page);
      expect(kept.length).toBeGreaterThan(10);
      expect(record.text.startsWith(kept), 'the kept text is what the server sent, in order').toBe(true);
      expect(await page.getByRole('button', { name: 'Stop' }).isDisabled()).toBe(true);
      await within(record.served, 10_000, 'sendEventStream settled');
      expect(record.completed).toBe(false);
      expect(record.finallyAt, "the source's finally ran").toBeDefined();
    }
    const result = {
      clicks: delays.length,
      medianMs: round(median(delays)),
      minMs: round(Math.min(...delays)),
      maxMs: round(Math.max(...delays)),
      samplesMs: delays.map(round),
      pageClockOffsetMs: round(clock.offsetMs),
      clockProbeRoundTripMs: round(clock.roundTripMs),
    };
    results[`stopClickToServerClose_${mode}`] = result;
    console.info(`${mode}: Stop click -> server 'close': median ${result.medianMs} ms over ${delays.length} clicks`, result);
    expect(watched.pageErrors).toEqual([]);
    expect(watched.consoleProblems).toEqual([]);
    // Generous for a loaded 2-core CI machine; typically a few milliseconds.
    expect(median(delays)).toBeLessThan(250);
  });

  test(`unmounting mid-stream: the server sees 'close' (${UNMOUNT_ROUNDS} times)`, async () => {
    const { page } = watched;
    const delays: number[] = [];
    for (let index = 0; index < UNMOUNT_ROUNDS; index++) {
      const record = await sendAndWatchItGrow(page, `Keep talking ${index + 1}`);
      await page.getByRole('button', { name: 'Unmount chat' }).click();
      const closedAt = await within(record.closed, 10_000, `round ${index + 1}: the server saw 'close'`);
      delays.push(closedAt - (await lastClick(page, 'Unmount chat')));
      expect(await page.getByRole('log').count()).toBe(0);
      await within(record.served, 10_000, 'sendEventStream settled');
      expect(record.completed).toBe(false);
      expect(record.finallyAt, "the source's finally ran").toBeDefined();
      await page.getByRole('button', { name: 'Mount chat' }).click();
      await page.getByRole('textbox', { name: 'Message' }).waitFor();
    }
    const result = { unmounts: delays.length, medianMs: round(median(delays)), samplesMs: delays.map(round) };
    results[`unmountToServerClose_${mode}`] = result;
    console.info(`${mode}: unmount -> server 'close': median ${result.medianMs} ms`, result);
    // After unmount: no state updates on the unmounted tree, no warnings, no unhandled rejections.
    await sleep(300);
    expect(watched.pageErrors).toEqual([]);
    expect(watched.consoleProblems).toEqual([]);
    expect(median(delays)).toBeLessThan(250);
  });
});

test('a stalled renderer pauses the server; resumed, the reply completes exactly', async () => {
  const watched = await openPage(browser);
  const { page } = watched;
  try {
    await page.goto(`${server.url}/app.html?mode=stalled`);
    const request = server.nextRequest();
    await page.getByRole('button', { name: 'Send' }).click();
    const record = await within(request, 20_000, 'the server got the request');

    const plateauBytes = await plateau(() => record.bytesWritten, { stableMs: 500, timeoutMs: 60_000 });
    const bound = Math.min(await inFlightBound(), BIG.frameBytes / 2);
    const client = await page.evaluate(() => ({
      status: window.__controller!.getSnapshot().status,
      shown: window.__controller!.getSnapshot().messages.at(-1)!.content.length,
      tokens: window.__tokens,
    }));
    console.info(
      `stalled renderer: the server's writes plateaued at ${plateauBytes} of ${BIG.frameBytes} bytes ` +
        `(${((100 * plateauBytes) / BIG.frameBytes).toFixed(1)}%, bound ${bound}); ` +
        `the page had decoded ${client.tokens} tokens and shown none`,
    );
    expect(client).toMatchObject({ status: 'streaming', shown: 0 });
    expect(record.completed).toBe(false);
    expect(plateauBytes).toBeGreaterThan(0);
    // Chromium's fetch() reads a body ahead of the page into memory (up to ~64 MiB, Blink's
    // BufferingBytesConsumer) unless the response says `cache-control: no-store`; only then does
    // a paused reader reach the server through TCP.
    expect(
      plateauBytes,
      'the server kept writing while the page was stalled: does the response carry cache-control: no-store?',
    ).toBeLessThan(bound);

    const resumedAt = performance.now();
    await page.evaluate(() => {
      window.__frames = true;
    });
    await page.waitForFunction(() => window.__controller!.getSnapshot().status !== 'streaming', null, {
      timeout: 120_000,
      polling: 100,
    });
    const completeMs = performance.now() - resumedAt;
    const done = await page.evaluate(async () => ({
      status: window.__controller!.getSnapshot().status,
      length: window.__controller!.getSnapshot().messages.at(-1)!.content.length,
      sha256: await window.__digest!(),
      tokens: window.__tokens,
    }));
    expect(done).toEqual({ status: 'done', length: BIG.length, sha256: BIG.sha256, tokens: BIG.count });
    await within(record.served, 10_000, 'sendEventStream settled');
    expect(record.completed).toBe(true);
    expect(record.bytesWritten).toBe(BIG.frameBytes + 'event: done\ndata:\n\n'.length);
    expect(watched.pageErrors).toEqual([]);

    results.stalledRenderer = {
      totalFrameBytes: BIG.frameBytes,
      tokens: BIG.count,
      plateauBytes,
      plateauBound: bound,
      plateauPercent: round((100 * plateauBytes) / BIG.frameBytes),
      tokensDecodedWhileStalled: client.tokens,
      resumeToDoneMs: Math.round(completeMs),
    };
    console.info(`stalled renderer: resumed, the reply completed exactly in ${Math.round(completeMs)} ms`, results.stalledRenderer);
  } finally {
    await watched.close();
  }
});
