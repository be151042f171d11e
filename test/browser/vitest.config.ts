import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../../', import.meta.url));
const src = (path: string) => `${root}src/${path}`;

// `npm run test:browser`: Chromium driven by playwright-core from Node. The test files run one
// after another (one browser at a time, so timings hold on a 2-core machine). The aliases are
// vite.config.ts's: tests import the kit by its public names, resolved to the sources.
export default defineConfig({
  root,
  resolve: {
    alias: [
      { find: /^react-streaming-chat\/core$/, replacement: src('core/index.ts') },
      { find: /^react-streaming-chat\/server$/, replacement: src('server/index.ts') },
      { find: /^react-streaming-chat\/msw$/, replacement: src('msw/index.ts') },
      { find: /^react-streaming-chat$/, replacement: src('index.ts') },
    ],
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
