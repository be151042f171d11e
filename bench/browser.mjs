#!/usr/bin/env node
// `npm run bench:browser [-- --workload=long1000,big10mb --contender=ours-message,naive --runs=3]`:
// bundles bench/browserBench.ts with esbuild (node_modules stay external: Vite, playwright-core)
// and runs it. See bench/browserBench.ts; the results go to bench/RESULTS.md's section Browser.
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '.out', `browser-${process.pid}`);
mkdirSync(out, { recursive: true });
try {
  await build({
    entryPoints: [join(here, 'browserBench.ts')],
    outfile: join(out, 'browserBench.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    tsconfig: join(here, '..', 'tsconfig.json'),
    logLevel: 'warning',
  });
  process.chdir(join(here, '..'));
  await import(pathToFileURL(join(out, 'browserBench.mjs')).href);
} finally {
  rmSync(out, { recursive: true, force: true });
}
