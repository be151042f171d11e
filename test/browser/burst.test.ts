import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BurstResult } from './fixtures/burst';
import { buildFixturePage } from './support/buildPage';
import { launchChromium } from './support/chromium';
import { openPage } from './support/pages';
import { serveLoopback, type LoopbackServer } from './support/staticServer';
import { median } from './support/waiting';

// A 10,000-token reply in one burst (the whole SSE body in one write, as a replay or a fast
// model gives it) into the fixture page (fixtures/burst.tsx) in Chromium: no long task while
// ours shows it, and the time until the whole reply is on screen, ours against the naive
// per-token setState hook. The page is built here from the sources, like globalSetup's fixture.
// The figures go to bench/browser-burst.json, which `npm run bench` (bench/adaptive.tsx) reads.

const TOKENS = 10_000;
const WARMUP = 2;
const RUNS = 9;
const MODES = ['ours', 'ours-plain', 'naive'] as const;
type Mode = (typeof MODES)[number];

const resultsFile = fileURLToPath(new URL('../../bench/browser-burst.json', import.meta.url));
const token = (i: number) => `w${i.toString(36).padStart(4, '0')} `;
const REPLY = Array.from({ length: TOKENS }, (_, i) => token(i)).join('');
const BODY = Buffer.from(`${Array.from({ length: TOKENS }, (_, i) => `data: ${token(i)}\n\n`).join('')}event: done\ndata:\n\n`);

let temp: string;
let server: LoopbackServer;
let browser: Browser;
const measured: Partial<Record<Mode, BurstResult[]>> = {};

beforeAll(async () => {
  temp = await buildFixturePage('burst');
  server = await serveLoopback(temp, (req, res) => {
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/api/burst') return false;
    req.resume();
    // The whole reply in one write. `no-store`, as the server helpers send it (see README).
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-store',
      'content-length': String(BODY.byteLength),
    });
    res.end(BODY);
    return true;
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (temp) await rm(temp, { recursive: true, force: true });
  // Only a full set replaces the figures the bench quotes.
  if (MODES.every((mode) => measured[mode]?.length === RUNS)) {
    const summary = (mode: Mode) => {
      const runs = measured[mode]!;
      const round = (value: number) => Math.round(value * 10) / 10;
      return {
        runs: runs.length,
        medianPaintMs: round(median(runs.map((r) => r.paintMs))),
        medianCommitMs: round(median(runs.map((r) => r.commitMs))),
        medianCommits: median(runs.map((r) => r.commits)),
        paintMs: runs.map((r) => round(r.paintMs)),
        longTasksMs: runs.flatMap((r) => r.longTasksMs.map(round)),
        renderBudget: runs.at(-1)!.renderBudget,
      };
    };
    const results = {
      measuredAt: new Date().toISOString(),
      chromium: browser.version(),
      tokens: TOKENS,
      replyChars: REPLY.length,
      bodyBytes: BODY.byteLength,
      ...Object.fromEntries(MODES.map((mode) => [mode, summary(mode)])),
    };
    await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  }
});

describe('a 10,000-token burst in Chromium', () => {
  // Interleaved: one run of each mode in turn, so a busy moment of the machine hits all alike.
  test(`the whole reply on screen, ours and the naive hook (${RUNS} runs each)`, async () => {
    const pages = await Promise.all(MODES.map(async (mode) => [mode, await openPage(browser)] as const));
    try {
      for (const [mode, watched] of pages) {
        await watched.page.goto(`${server.url}/burst.html?mode=${mode}`);
        await watched.page.waitForFunction(() => typeof window.__burst === 'function');
        for (let run = 0; run < WARMUP; run++) await watched.page.evaluate((length) => window.__burst(length), REPLY.length);
      }
      for (let run = 0; run < RUNS; run++) {
        for (const [mode, watched] of pages) {
          await watched.page.bringToFront();
          const result = await watched.page.evaluate((length) => window.__burst(length), REPLY.length);
          expect(result.text, `${mode}: the reply, exactly`).toBe(REPLY);
          (measured[mode] ??= []).push({ ...result, text: '' });
        }
      }
      for (const [mode, watched] of pages) {
        expect(watched.pageErrors, mode).toEqual([]);
        expect(watched.consoleProblems, mode).toEqual([]);
      }
      const line = (mode: Mode) => {
        const runs = measured[mode]!;
        return `${mode}: median ${median(runs.map((r) => r.paintMs)).toFixed(1)} ms to the painted reply, ${median(runs.map((r) => r.commits))} commits, long tasks ${JSON.stringify(runs.flatMap((r) => r.longTasksMs))}`;
      };
      console.info(`10,000-token burst in Chromium ${browser.version()}:\n${MODES.map(line).join('\n')}`);
    } finally {
      for (const [, watched] of pages) await watched.close();
    }
  });

  // Not timed: no figure to reach, only no task that blocks the page while ours shows the burst
  // with <StreamingMessage> (ours-plain puts the whole text in one node, as naive does: its
  // long tasks are reported, not tested).
  test('no long task (over 50 ms) while ours shows it', () => {
    const runs = measured.ours;
    expect(runs?.length, 'ours was measured').toBe(RUNS);
    expect(runs!.flatMap((r) => r.longTasksMs), 'long tasks during the burst').toEqual([]);
  });
});
