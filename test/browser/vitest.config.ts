import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { alias } from '../../vite.config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

// `npm run test:browser`: Chromium driven by playwright-core from Node. The test files run one
// after another (one browser at a time, so timings hold on a 2-core machine). The aliases are
// vite.config.ts's: tests import the kit by its public names, resolved to the sources.
export default defineConfig({
  root,
  resolve: {
    alias,
  },
  test: {
    name: 'browser',
    environment: 'node',
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/browser/globalSetup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
  },
});
