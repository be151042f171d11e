import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { lexer, walkTokens } from 'marked';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildFixturePage } from './support/buildPage';
import { launchChromium } from './support/chromium';
import { startFixtureServer, type FixtureServer, type StreamRecord } from './support/fixtureServer';
import { openPage } from './support/pages';
import { median } from './support/waiting';

// A 100 KB markdown answer (the test corpus: lists, tables, code, nested emphasis) streams from
// node:http over SSE into useStreamingChat and <StreamingMessage render={renderMarkdown}>, in
// Chromium, from fixtures/markdown.html (built here by Vite). The page's PerformanceObserver
// records every long task: there must be none over 50 ms, the final full parse included.
//
// A short answer comes first, as in a conversation: the first markdown a page renders pays
// one-time costs whatever its length (V8 compiling marked's regular expressions and the code of
// the lexer, React and the kit: 20-55 ms in the first commits on a 2-core machine, printed here),
// and those belong to the page, not to the length of the answer that streams.

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
/** The short first answer: the corpus once, every kind of block in it. */
const SHORT = answer(6 * KB);

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

/** The answer asked for in 64-character chunks, about one a millisecond: a fast model. */
function markdownSource(record: StreamRecord) {
  const text = record.input.includes('short') ? SHORT : ANSWER;
  return async function* (signal: AbortSignal) {
    for (let at = 0; at < text.length; at += CHUNK) {
      await sleep(1, undefined, { signal });
      const chunk = text.slice(at, at + CHUNK);
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
  temp = await buildFixturePage('markdown', { profiling: true });
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
    const replies = page.locator('[data-role="assistant"][data-status="done"]');
    const askedAt = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Ask a short question' }).click();
    await replies.first().waitFor();
    const firstTasks = await page.evaluate(
      (from) => window.__longTasks.filter((task) => task.startTime >= from).map((task) => Math.round(task.duration)),
      askedAt,
    );

    const request = server.nextRequest();
    await page.getByRole('button', { name: 'Send' }).click();
    const record = await request;
    await replies.nth(1).waitFor({ timeout: 60_000 });
    expect(record.completed).toBe(true);

    const { longTasks, stats, tables, codeBlocks, shown, flushChars, commits, frames } = await page.evaluate(() => {
      const message = [...document.querySelectorAll('[data-role="assistant"]')].at(-1)!;
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
      `the page's first markdown (a ${SHORT.length / KB} KB answer), long tasks while it streamed: ` +
        `${firstTasks.length ? firstTasks.map((ms) => `${ms} ms`).join(', ') : 'none'}`,
    );
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
