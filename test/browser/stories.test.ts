import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { launchChromium } from './support/chromium';
import { openPage } from './support/pages';
import { serveLoopback, type LoopbackServer } from './support/staticServer';

// Every story of the playground, from a fresh `storybook build` (see globalSetup.ts): it renders,
// its play function passes, and axe finds no violations, neither in addon-a11y's run nor in ours.

const storybookDir = inject('storybookDir');
const index = JSON.parse(readFileSync(join(storybookDir, 'index.json'), 'utf8')) as {
  entries: Record<string, { id: string; type: string }>;
};
const storyIds = Object.values(index.entries)
  .filter((entry) => entry.type === 'story')
  .map((entry) => entry.id);

const KNOWN_STORIES = [
  'playground-chat--basic',
  'playground-chat--stop-mid-stream',
  'playground-unmount--unmount-mid-stream',
  'playground-backpressure--slow-consumer',
  'playground-burst--ten-thousand-tokens',
  'playground-errors--gallery',
  'playground-protocols--gallery',
  'playground-markdown--markdown-render',
  'playground-markdown--markdown-100-kb-answer',
  'playground-flaky-network--flaky-network',
  'playground-parts--tools-and-reasoning',
  'playground-parts--open-ai-responses',
  'playground-parts--anthropic-thinking-and-tools',
];

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const FINISHING_EVENTS = ['storyFinished', 'storyErrored', 'storyThrewException', 'playFunctionThrewException'];
const FAILING_EVENTS = ['storyErrored', 'storyThrewException', 'playFunctionThrewException', 'unhandledErrorsWhilePlaying'];

interface ChannelEvent {
  event: string;
  payload: unknown;
}

interface StoryFinished {
  status: string;
  reporters?: Array<{ type: string; status: string; result?: { violations?: AxeViolation[] } }>;
}

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

declare global {
  interface Window {
    __channelEvents: ChannelEvent[];
    __STORYBOOK_ADDONS_CHANNEL__?: { on(event: string, listener: (payload: unknown) => void): void };
    axe?: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
  }
}

let server: LoopbackServer;
let browser: Browser;

beforeAll(async () => {
  server = await serveLoopback(storybookDir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const describeViolations = (violations: AxeViolation[]) =>
  violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);

/** Records the Storybook channel's story lifecycle events, from before the preview starts. */
async function recordChannel(page: Page, events: string[]) {
  await page.addInitScript((events) => {
    window.__channelEvents = [];
    const timer = setInterval(() => {
      const channel = window.__STORYBOOK_ADDONS_CHANNEL__;
      if (!channel) return;
      clearInterval(timer);
      for (const event of events) {
        channel.on(event, (payload) => {
          // The a11y report holds DOM nodes: keep what serializes.
          const copy = JSON.parse(JSON.stringify(payload ?? null, (key, value) => (key === 'element' ? undefined : value)));
          window.__channelEvents.push({ event, payload: copy });
        });
      }
    }, 5);
  }, events);
}

test('the build has every known story', () => {
  expect(storyIds).toEqual(expect.arrayContaining(KNOWN_STORIES));
});

test.each(storyIds)('%s: renders, its play function passes, axe finds no violations', async (id) => {
  const watched = await openPage(browser);
  const { page } = watched;
  try {
    await recordChannel(page, [...new Set([...FINISHING_EVENTS, ...FAILING_EVENTS])]);
    await page.goto(`${server.url}/iframe.html?id=${id}&viewMode=story`);
    await page.waitForFunction(
      (finishing) => window.__channelEvents.some(({ event }) => finishing.includes(event)),
      FINISHING_EVENTS,
      { timeout: 90_000, polling: 100 },
    );
    const events = await page.evaluate(() => window.__channelEvents);
    // Play function errors carry a DOM dump after the message: keep the message.
    const failures = events
      .filter(({ event }) => FAILING_EVENTS.includes(event))
      .map(({ event, payload }) => `${event}: ${JSON.stringify(payload).split('\\n\\nIgnored nodes')[0]!.slice(0, 1500)}`);
    expect(failures, 'the story failed or threw').toEqual([]);
    const finished = events.find(({ event }) => event === 'storyFinished')?.payload as StoryFinished;
    expect(finished.status, JSON.stringify(finished.reporters)).toBe('success');

    // addon-a11y ran axe after the play function (`a11y: { test: 'error' }` in preview.tsx).
    const a11y = finished.reporters?.find((reporter) => reporter.type === 'a11y');
    expect(a11y, 'addon-a11y reported').toBeDefined();
    expect(describeViolations(a11y?.result?.violations ?? []), 'addon-a11y violations').toEqual([]);

    // And our own axe-core run on the final state, with addon-a11y's scope and defaults.
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => {
      const { violations } = await window.axe!.run(
        { include: [document.body], exclude: ['.sb-wrapper', '#storybook-docs', '#storybook-highlights-root'] },
        { rules: { region: { enabled: false } }, resultTypes: ['violations'] },
      );
      return violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map(({ target }) => ({ target })) }));
    });
    expect(describeViolations(violations), 'axe-core violations').toEqual([]);
    expect(watched.pageErrors, 'uncaught errors in the page').toEqual([]);
  } finally {
    await watched.close();
  }
});
