import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { alias } from '../../vite.config';
import { assertChromium } from './support/chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A fresh `storybook build` of the playground. */
    storybookDir: string;
    /** The fixture page (`fixtures/app.html`), built by Vite. */
    fixtureDir: string;
  }
}

const repo = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

/**
 * Builds what the browser tests load, from the sources, so a clean clone needs nothing else:
 * the Storybook playground and the fixture page, each into a temporary directory.
 */
export default async function setup(project: TestProject) {
  assertChromium();
  const temp = await mkdtemp(join(tmpdir(), 'rsc-browser-'));
  const storybookDir = join(temp, 'storybook');
  const fixtureDir = join(temp, 'fixture');
  const started = performance.now();
  try {
    await Promise.all([buildStorybook(storybookDir), buildFixture(fixtureDir)]);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  console.info(`browser tests: built the playground and the fixture in ${Math.round(performance.now() - started)} ms`);
  project.provide('storybookDir', storybookDir);
  project.provide('fixtureDir', fixtureDir);
  return () => rm(temp, { recursive: true, force: true });
}

async function buildStorybook(outDir: string): Promise<void> {
  const pkg = JSON.parse(await readFile(join(repo, 'node_modules/storybook/package.json'), 'utf8')) as { bin: string };
  const bin = join(repo, 'node_modules/storybook', pkg.bin);
  const child = spawn(process.execPath, [bin, 'build', '--quiet', '--output-dir', outDir], {
    cwd: repo,
    env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`storybook build failed (exit ${code}):\n${output}`);
}

async function buildFixture(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: fixtures,
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    resolve: { alias },
    build: {
      outDir,
      emptyOutDir: true,
      sourcemap: true,
      rolldownOptions: { input: join(fixtures, 'app.html') },
    },
  });
}
