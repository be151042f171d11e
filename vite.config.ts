import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

// Tests, stories and benchmarks import the kit by its public names, resolved to the sources.
export const alias = [
  { find: /^react-streaming-chat\/core$/, replacement: src('core/index.ts') },
  { find: /^react-streaming-chat\/markdown$/, replacement: src('markdown/index.ts') },
  { find: /^react-streaming-chat\/server\/redis$/, replacement: src('server/redis/index.ts') },
  { find: /^react-streaming-chat\/server$/, replacement: src('server/index.ts') },
  { find: /^react-streaming-chat\/msw$/, replacement: src('msw/index.ts') },
  { find: /^react-streaming-chat$/, replacement: src('index.ts') },
];

export default defineConfig({
  plugins: [react()],
  resolve: { alias },
  build: {
    lib: {
      entry: {
        index: src('index.ts'),
        core: src('core/index.ts'),
        markdown: src('markdown/index.ts'),
        server: src('server/index.ts'),
        'server-redis': src('server/redis/index.ts'),
        msw: src('msw/index.ts'),
      },
      formats: ['es'],
    },
    rollupOptions: {
      external: [/^react($|\/)/, /^react-dom($|\/)/, /^msw($|\/)/, /^marked($|\/)/, /^redis($|\/)/, /^@redis\//, /^node:/],
    },
    minify: false,
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    globals: true,
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/browser/**', 'test/redis/**', 'test/python/**', 'node_modules/**'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
  },
});
