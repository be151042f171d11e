import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { lexer, walkTokens } from 'marked';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { alias } from '../../vite.config';
import { launchChromium } from './support/chromium';
import { startFixtureServer, type FixtureServer, type StreamRecord } from './support/fixtureServer';
import { openPage } from './support/pages';
import { median } from './support/waiting';

// A 100 KB markdown answer (the test corpus: lists, tables, code, nested emphasis) streams from
// node:http over SSE into useStreamingChat and <StreamingMessage render={renderMarkdown}>, in
// Chromium, from fixtures/markdown.html (built here by Vite). The page's PerformanceObserver
// records every long task: there must be none over 50 ms, the final full parse included.

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const corpus = fileURLToPath(new URL('../fixtures/markdown/', import.meta.url));
const KB = 1024;
const CHUNK = 64;

function answer(length: number): string {
  const answers = readdirSync(corpus)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => readFileSync(join(corpus, name), 'utf8'));
  let text = '';
  for (let i = 0; text.length < length; i++) text += `${answers[i % answers.length]}\n\n`;
  return text.slice(0, length);
}
const ANSWER = answer(100 * KB);

/** What the answer holds, by marked's own count: tables and code blocks with a language. */
function expectedCounts() {
  let tables = 0;
  let codeBlocks = 0;
  walkTokens(lexer(ANSWER), (token) => {
    if (token.type === 'table') tables++;
    if (token.type === 'code' && token.lang) codeBlocks++;
  });
  return { tables, codeBlocks };
}

/** The answer in 64-character chunks, about one a millisecond: a fast model. */
function markdownSource(record: StreamRecord) {
  return async function* (signal: AbortSignal) {
    for (let at = 0; at < ANSWER.length; at += CHUNK) {
      await sleep(1, undefined, { signal });
      const chunk = ANSWER.slice(at, at + CHUNK);
      record.text += chunk;
      yield chunk;
    }
    record.completed = true;
  };
}

/** The median render time of these commits, in ms, as text. */
const renderMs = (commits: { actualDuration: number }[]) => median(commits.map((commit) => commit.actualDuration)).toFixed(1);

let temp: string;
let server: FixtureServer;
let browser: Browser;

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'rsc-markdown-'));
  await build({
    configFile: false,
    root: fixtures,
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    // React's profiling build, so <Profiler> in the page reports each commit's render time.
    resolve: { alias: [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }, ...alias] },
    build: { outDir: temp, emptyOutDir: true, rolldownOptions: { input: join(fixtures, 'markdown.html') } },
  });
  server = await startFixtureServer(temp, { markdown: markdownSource });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (temp) await rm(temp, { recursive: true, force: true });
});

test('a 100 KB markdown answer streams through renderMarkdown without a long task over 50 ms', async () => {
  const watched = await openPage(browser);
  const { page } = watched;
  try {
    await page.goto(`${server.url}/markdown.html`);
    const request = server.nextRequest();
    await page.getByRole('button', { name: 'Send' }).click();
    const record = await request;
    await page.getByTestId('status').filter({ hasText: 'done' }).waitFor({ timeout: 60_000 });
    expect(record.completed).toBe(true);

    const { longTasks, stats, tables, codeBlocks, shown, flushChars, commits, frames } = await page.evaluate(() => {
      const message = document.querySelector('[data-role="assistant"]')!;
      return {
        // From the click on Send on: the tasks of loading the page are not the stream's.
        longTasks: window.__longTasks.filter((task) => task.startTime >= window.__sentAt!),
        stats: window.__stats,
        flushChars: window.__flushChars,
        commits: window.__commits.filter((commit) => commit.startTime >= window.__sentAt!),
        frames: window.__animationFrames.filter((frame) => frame.startTime >= window.__sentAt!),
        tables: message.querySelectorAll('table').length,
        codeBlocks: message.querySelectorAll('pre > code[class^="language-"]').length,
        shown: message.querySelector('.rsc-markdown')!.textContent!.length,
      };
    });
    // It rendered as markdown, in many flushes, all of it.
    expect({ tables, codeBlocks }).toEqual(expectedCounts());
    expect(tables).toBeGreaterThan(20);
    expect(shown).toBeGreaterThan(80 * KB);
    expect(stats!.charsRendered).toBe(ANSWER.length);
    expect(stats!.flushes).toBeGreaterThan(20);
    console.info(
      `markdown in Chromium: ${stats!.flushes} flushes in ${Math.round(stats!.elapsedMs)} ms, ` +
        `the largest adding ${Math.max(...flushChars)} characters; React render per commit: median ` +
        `${renderMs(commits)} ms (first fifth ${renderMs(commits.slice(0, commits.length / 5))} ms, last fifth ` +
        `${renderMs(commits.slice((commits.length * 4) / 5))} ms), longest ${Math.max(...commits.map((c) => c.actualDuration)).toFixed(1)} ms; ` +
        `long tasks while streaming: ${longTasks.length ? longTasks.map((task) => `${Math.round(task.duration)} ms`).join(', ') : 'none'}`,
    );
    if (frames.length) {
      console.info(
        `long animation frames (total / script / style and layout, ms): ${frames
          .map((f) => `${Math.round(f.duration)}/${Math.round(f.script)}/${Math.round(f.layout)}`)
          .join(', ')}`,
      );
    }
    expect(longTasks.filter((task) => task.duration > 50)).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
  } finally {
    await watched.close();
  }
});
