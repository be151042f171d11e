import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { alias } from '../../vite.config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

// `npm run test:redis`: resumable streams on a real redis-server (Debian's `redis-server`), which
// globalSetup starts on a free loopback port and stops at the end. Files run one at a time:
// the latency figures need a quiet machine.
export default defineConfig({
  root,
  resolve: { alias },
  test: {
    name: 'redis',
    environment: 'node',
    globals: true,
    include: ['test/redis/**/*.test.ts'],
    globalSetup: ['test/redis/globalSetup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
