import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { protocolFrames } from '../../src/msw/protocolFrames';
import { buildFixturePage } from './support/buildPage';
import { launchChromium } from './support/chromium';
import { openPage, type WatchedPage } from './support/pages';
import { serveLoopback, type LoopbackServer } from './support/staticServer';

// A long reply (about 200 KB) streamed into <StreamingMessage> in Chromium (fixtures/text.tsx),
// which renders it in many stable chunks: the text must still be one text for people and
// machines. Selecting across chunks and copying gives the exact text, `textContent` is exact,
// find-in-page finds phrases inside a chunk and right after a chunk boundary, and
// the accessibility tree has the whole text in order. Not timed.


/** Lines with line ends (numbered, so every phrase is unique), a few non-ASCII characters, and a
 * 40 KB run without any line end in the middle (its chunks are closed at spaces). */
function makeReply(): string {
  const words = 'stream chunk layout frame paint select copy find reader budget token text'.split(' ');
  const line = (n: number) => {
    const count = 6 + (n % 17);
    const body = Array.from({ length: count }, (_, k) => words[(n * 7 + k * 3) % words.length]).join(' ');
    return `L${n} ${body}${n % 11 === 0 ? ' café 字 😀' : ''}.\n${n % 9 === 0 ? '\n' : ''}`;
  };
  let text = '';
  let n = 0;
  while (text.length < 80_000) text += line(n++);
  // The run without a line end: numbered words, closed at a space past 16 KB.
  text += Array.from({ length: 5_000 }, (_, k) => `r${k}w`).join(' ') + '\n';
  while (text.length < 200_000) text += line(n++);
  return text;
}

const REPLY = makeReply();

let temp: string;
let server: LoopbackServer;
let browser: Browser;
let watched: WatchedPage;
let page: Page;

beforeAll(async () => {
  temp = await buildFixturePage('text');
  // The reply in tokens of 50 characters, written in pieces of 100 tokens, so it arrives over
  // many reads and many flushes, as a streamed reply does.
  server = await serveLoopback(temp, (req, res) => {
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/api/text') return false;
    req.resume();
    res.writeHead(200, { 'content-type': protocolFrames.sse.contentType, 'cache-control': 'no-cache, no-store' });
    void (async () => {
      // Whole code points: a token never ends inside a surrogate pair.
      const points = Array.from(REPLY);
      const tokens = Array.from({ length: Math.ceil(points.length / 50) }, (_, i) => points.slice(i * 50, (i + 1) * 50).join(''));
      for (let i = 0; i < tokens.length; i += 100) {
        res.write(tokens.slice(i, i + 100).map(protocolFrames.sse.token).join(''));
        await turn();
      }
      res.end(protocolFrames.sse.end);
    })();
    return true;
  });
  browser = await launchChromium();
  watched = await openPage(browser);
  page = watched.page;
  await watched.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.goto(`${server.url}/text.html`);
  await page.waitForFunction(() => typeof window.__send === 'function');
  expect(await page.evaluate(() => window.__send())).toBe('done');
});

afterAll(async () => {
  await watched?.close();
  await browser?.close();
  await server?.close();
  if (temp) await rm(temp, { recursive: true, force: true });
});

/** Where each chunk starts in the reply, and its length, read from the DOM. */
const chunkStarts = () =>
  page.evaluate(() => {
    const chunks = Array.from(document.querySelectorAll('.rsc-message .rsc-chunk'));
    let at = 0;
    return chunks.map((chunk) => {
      const start = at;
      at += chunk.textContent!.length;
      return { start, length: chunk.textContent!.length };
    });
  });

/** Selects from (chunk a, offset x) to (chunk b, offset y) and returns `Selection.toString()`. */
const selectAcross = (a: number, x: number, b: number, y: number) =>
  page.evaluate(
    ([a, x, b, y]) => {
      const chunks = document.querySelectorAll('.rsc-message .rsc-chunk');
      const range = document.createRange();
      range.setStart(chunks[a]!.firstChild!, x);
      range.setEnd(chunks[b]!.firstChild!, y);
      const selection = getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return selection.toString();
    },
    [a, x, b, y] as const,
  );

/** `window.find` from the top of the page; the selection it leaves. */
const find = (phrase: string) =>
  page.evaluate((phrase) => {
    const selection = getSelection()!;
    selection.removeAllRanges();
    selection.collapse(document.body, 0);
    const found = (window as unknown as { find(text: string, caseSensitive: boolean): boolean }).find(phrase, true);
    return { found, selected: selection.toString() };
  }, phrase);

const unique = (phrase: string) => REPLY.indexOf(phrase) === REPLY.lastIndexOf(phrase);

/** Equal strings, or where they first differ (a short message instead of a 200 KB diff). */
function firstDifference(actual: string, expected: string): string {
  if (actual === expected) return 'equal';
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  return `differ at ${i} of ${expected.length} (got ${actual.length}): ${JSON.stringify(actual.slice(Math.max(0, i - 20), i + 20))} vs ${JSON.stringify(expected.slice(Math.max(0, i - 20), i + 20))}`;
}

describe('a 200 KB reply in stable chunks, in Chromium', () => {
  test('is one message element, in many chunks, and its textContent is exact', async () => {
    const message = page.locator('.rsc-message');
    expect(await message.count()).toBe(1);
    expect(await message.getAttribute('data-role')).toBe('assistant');
    expect(await message.getAttribute('data-status')).toBe('done');
    expect(await message.getAttribute('aria-busy')).toBeNull();
    const chunks = await chunkStarts();
    expect(chunks.length).toBeGreaterThan(30);
    expect(firstDifference((await message.evaluate((node) => node.textContent))!, REPLY)).toBe('equal');
    expect(watched.pageErrors).toEqual([]);
    expect(watched.consoleProblems).toEqual([]);
  });

  test('selecting across chunks gives the exact text (Selection.toString)', async () => {
    const chunks = await chunkStarts();
    // Across several chunks with line-end boundaries, near the top (on screen) and far below.
    for (const [a, b] of [
      [0, 3],
      [5, 12],
      [chunks.length - 8, chunks.length - 2],
    ] as const) {
      const expected = REPLY.slice(chunks[a]!.start + 7, chunks[b]!.start + 5);
      expect(firstDifference(await selectAcross(a, 7, b, 5), expected), `chunks ${a} to ${b}`).toBe('equal');
    }
    // Across the boundaries closed at a space (the run without a line end).
    const run = REPLY.indexOf('r0w');
    const first = chunks.findIndex((c) => c.start + c.length > run + 100);
    expect(REPLY.slice(chunks[first + 1]!.start - 1, chunks[first + 1]!.start), 'a space-closed boundary').toBe(' ');
    expect(firstDifference(await selectAcross(first, 10, first + 2, 10), REPLY.slice(chunks[first]!.start + 10, chunks[first + 2]!.start + 10))).toBe('equal');
  });

  test('copying a selection across chunks puts the exact text on the clipboard', async () => {
    const chunks = await chunkStarts();
    const expected = REPLY.slice(chunks[2]!.start + 3, chunks[6]!.start + 40);
    await page.bringToFront();
    await selectAcross(2, 3, 6, 40);
    // A real copy: the keyboard shortcut, then the system clipboard as the page reads it.
    await page.keyboard.press('ControlOrMeta+C');
    expect(firstDifference(await page.evaluate(() => navigator.clipboard.readText()), expected)).toBe('equal');
    // And what a copy event handler sees of the selection, from execCommand('copy').
    const copied = await page.evaluate(() => {
      let seen = '';
      const listener = (event: ClipboardEvent) => {
        seen = getSelection()!.toString();
        event.clipboardData!.setData('text/plain', seen);
        event.preventDefault();
      };
      document.addEventListener('copy', listener);
      document.execCommand('copy');
      document.removeEventListener('copy', listener);
      return seen;
    });
    expect(firstDifference(copied, expected)).toBe('equal');
    expect(firstDifference(await page.evaluate(() => navigator.clipboard.readText()), expected)).toBe('equal');
  });

  test('find-in-page finds a phrase inside a chunk and one right after a boundary', async () => {
    const chunks = await chunkStarts();
    // A phrase of 24 characters from `at` on that holds no line end.
    const phraseAt = (at: number) => {
      while (REPLY.slice(at, at + 24).includes('\n')) at++;
      return REPLY.slice(at, at + 24);
    };
    // A chunk far below the fold that starts with a line (not a blank line).
    let far = chunks.length - 5;
    while (REPLY[chunks[far]!.start] !== 'L') far--;
    const run = REPLY.indexOf('r0w');
    const spaceBoundary = chunks.find((c) => c.start > run + 1000)!.start;
    const phrases = {
      // Inside a chunk far below the fold.
      inside: phraseAt(chunks[far]!.start + 200),
      // The first characters after a boundary (line-end closed: the start of a line).
      afterBoundary: REPLY.slice(chunks[far]!.start, chunks[far]!.start + 24),
    };
    for (const [name, phrase] of Object.entries(phrases)) {
      expect(unique(phrase), `${name} is unique`).toBe(true);
      expect(phrase, name).not.toContain('\n');
      expect(await find(phrase), name).toEqual({ found: true, selected: phrase });
    }
  });

  // A known limit: a run of over 16 KB without a line end is closed at a space, and its chunks
  // are inline-blocks, which find-in-page treats as separate runs of text: a phrase across such a
  // boundary is not found (selection and copy across it are exact, tested above). Line-end
  // boundaries, all an ordinary reply has, lose nothing: no phrase crosses a line end anyway.
  // The known limit the README states: a run over 16 KB without a line end is closed at a space,
  // and find-in-page does not match across that boundary (each chunk is an inline-block). If a
  // Chromium starts matching there, this fails and the README's limit can go.
  test('find-in-page does not match across a boundary closed at a space (a run over 16 KB without a line end)', async () => {
    const chunks = await chunkStarts();
    const run = REPLY.indexOf('r0w');
    const spaceBoundary = chunks.find((c) => c.start > run + 1000)!.start;
    const across = REPLY.slice(spaceBoundary - 12, spaceBoundary + 12);
    expect(unique(across)).toBe(true);
    expect((await find(across)).found).toBe(false);
  });

  test('the accessibility tree holds the whole text, in order', async () => {
    const snapshot = await page.locator('.rsc-message').ariaSnapshot();
    // Each line of the snapshot is `- text: …` (or a quoted string): the text, in order.
    const text = snapshot
      .split('\n')
      .map((line) => line.replace(/^\s*- text: /, '').replace(/^"(.*)"$/, '$1'))
      .join(' ');
    const normalize = (value: string) => value.replace(/\s+/g, ' ').trim();
    expect(firstDifference(normalize(text), normalize(REPLY))).toBe('equal');
  });
});
