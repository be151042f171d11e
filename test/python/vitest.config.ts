import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { alias } from '../../vite.config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

// `npm run test:python`: the README's FastAPI recipe under real FastAPI and uvicorn (Debian's
// python3-fastapi and python3-uvicorn). Apart from `npm test`, which needs Node alone.
export default defineConfig({
  root,
  resolve: { alias },
  test: {
    name: 'python',
    environment: 'node',
    globals: true,
    include: ['test/python/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
