import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { alias } from '../../../vite.config';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

/**
 * Builds `fixtures/<name>.html` with Vite (the kit by its public names, resolved to the
 * sources) into a fresh temporary directory, and returns that directory. `profiling`: React's
 * profiling build, so a `<Profiler>` in the page reports each commit's render time.
 */
export async function buildFixturePage(name: string, { profiling = false } = {}): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), `rsc-${name}-`));
  await build({
    configFile: false,
    root: fixtures,
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    resolve: { alias: profiling ? [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }, ...alias] : alias },
    build: { outDir, emptyOutDir: true, rolldownOptions: { input: join(fixtures, `${name}.html`) } },
  });
  return outDir;
}
