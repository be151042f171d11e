import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildFixturePage } from './support/buildPage';
import { launchChromium } from './support/chromium';
import { serveLoopback, type LoopbackServer } from './support/staticServer';

// The README's screenshots: <StreamingChat> with reasoning, two tool calls (one failed), sources
// and a stopped reply (fixtures/conversation.ts), in light and in dark, written to
// bench/screenshots/. The page is built here from the sources, like globalSetup's fixture.

const outDir = fileURLToPath(new URL('../../bench/screenshots/', import.meta.url));

let temp: string;
let server: LoopbackServer;
let browser: Browser;

beforeAll(async () => {
  temp = await buildFixturePage('screenshots');
  server = await serveLoopback(temp);
  browser = await launchChromium();
  await mkdir(outDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (temp) await rm(temp, { recursive: true, force: true });
});

describe('screenshots', () => {
  test.each(['light', 'dark'] as const)('%s', async (colorScheme) => {
    // Twice the pixels, for sharp pictures on high-density screens.
    const context = await browser.newContext({ viewport: { width: 784, height: 900 }, deviceScaleFactor: 2 });
    const problems: string[] = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
      });
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      await page.goto(`${server.url}/screenshots.html`);
      const chat = page.locator('.rsc-chat');
      await chat.getByRole('link', { name: 'Paris · Weather service' }).waitFor();

      // What the picture must show, checked as a user would see it.
      const log = page.getByRole('log', { name: 'Conversation' });
      await expect(log.locator('.rsc-tool').count()).resolves.toBe(2);
      await expect(log.locator('.rsc-tool[data-state="output-error"]').isVisible()).resolves.toBe(true);
      await expect(log.getByText('Reasoning').isVisible()).resolves.toBe(true);
      await expect(log.locator('[data-status="cancelled"] .rsc-mark').isVisible()).resolves.toBe(true);
      await expect(page.getByRole('button', { name: 'Stop' }).isDisabled()).resolves.toBe(true);
      // A draft in the composer: Send is enabled once there is something to send.
      await page.getByRole('textbox', { name: 'Message' }).fill('Thanks! And for Lyon?');
      await expect(page.getByRole('button', { name: 'Send' }).isEnabled()).resolves.toBe(true);
      // The theme follows the scheme: the chat's background is light in light mode, dark in dark.
      const background = await chat.evaluate((node) => getComputedStyle(node).backgroundColor);
      const [r = 0, g = 0, b = 0] = background.match(/\d+/g)!.map(Number);
      expect((r + g + b) / 3 > 128).toBe(colorScheme === 'light');

      await writeFile(join(outDir, `${colorScheme}.png`), await page.locator('main').screenshot({ animations: 'disabled' }));
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
