import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The system Chromium (Debian's package); `CHROMIUM_PATH` overrides it. No browser is downloaded. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Throws, so the run fails instead of skipping, when there is no Chromium to drive. */
export function assertChromium(): void {
  if (existsSync(chromiumPath)) return;
  throw new Error(
    `The browser tests need Chromium at ${chromiumPath}, and it is missing. ` +
      'Install it with `apt-get install -y chromium` (or point CHROMIUM_PATH at a Chromium binary).',
  );
}

export async function launchChromium(): Promise<Browser> {
  assertChromium();
  return chromium.launch({ executablePath: chromiumPath, args, timeout: 60_000 });
}
