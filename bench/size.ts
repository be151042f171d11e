/**
 * e. Bundle size (min+gzip) of what users import (the React essentials, the ready-made chat, each
 * protocol factory) and of each entry point, beside @ai-sdk/react and @tanstack/ai-react,
 * measured the same way: esbuild bundle + minify, react/react-dom (and msw) external, zlib gzip
 * level 9 (as size-limit) and brotli quality 11.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';
import { progress, report, type Section } from './support/report';
import { bytes, fmt, ratio } from './support/stats';

const root = process.cwd();
const nodeModules = join(root, 'node_modules');

// The dist entries are what users install: build them from the current sources first.
const notes: string[] = [];
try {
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe' });
} catch (error) {
  const output = String((error as { stdout?: Buffer }).stdout ?? '') + String((error as { stderr?: Buffer }).stderr ?? '');
  progress(`npm run build failed, falling back to vite build alone:\n${output.slice(-2000)}`);
  execFileSync('npx', ['vite', 'build'], { cwd: root, stdio: 'pipe' });
  notes.push('`npm run build` failed (type declarations); the JavaScript was built with `npx vite build` alone.');
}

interface Measured {
  min: number;
  gzip: number;
  brotli: number;
}

/** Bundles `contents` (an ES module re-exporting what is measured) with everything it imports but `external`. */
async function measure(contents: string, external: string[]): Promise<Measured> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    external,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return {
    min: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
  };
}

const reactExternal = ['react', 'react/*', 'react-dom', 'react-dom/*'];
const dist = (file: string) => JSON.stringify(join(root, 'dist', file));

interface Entry {
  name: string;
  contents: string;
  external: string[];
  ours: boolean;
  limitName?: string;
}

const version = (pkg: string) => JSON.parse(readFileSync(join(nodeModules, pkg, 'package.json'), 'utf8')).version as string;
const aiSdk = `@ai-sdk/react ${version('@ai-sdk/react')} (ai ${version('ai')})`;
const tanstack = `@tanstack/ai-react ${version('@tanstack/ai-react')}`;

const ESSENTIALS = 'useStreamingChat, StreamingMessage, CancelButton';
const factories = ['ndjson', 'openaiChat', 'openaiResponses', 'anthropic', 'aiSdk'];
const entries: Entry[] = [
  { name: `\`{ ${ESSENTIALS} }\` with SSE`, contents: `export { ${ESSENTIALS} } from ${dist('index.js')}`, external: reactExternal, ours: true, limitName: `{ ${ESSENTIALS} } with SSE` },
  { name: '`{ useStreamingChat }` alone', contents: `export { useStreamingChat } from ${dist('index.js')}`, external: reactExternal, ours: true },
  { name: '`{ StreamingChat }`', contents: `export { StreamingChat } from ${dist('index.js')}`, external: reactExternal, ours: true, limitName: '{ StreamingChat } (the ready-made chat)' },
  ...factories.map((name) => ({ name: `\`{ ${name} }\` alone`, contents: `export { ${name} } from ${dist('index.js')}`, external: reactExternal, ours: true, limitName: `{ ${name} } alone` })),
  { name: '`react-streaming-chat`, whole entry', contents: `export * from ${dist('index.js')}`, external: reactExternal, ours: true, limitName: 'the whole React entry' },
  { name: '`react-streaming-chat/core`', contents: `export * from ${dist('core.js')}`, external: [], ours: true, limitName: 'react-streaming-chat/core' },
  { name: '`react-streaming-chat/markdown` (with marked)', contents: `export * from ${dist('markdown.js')}`, external: reactExternal, ours: true, limitName: 'react-streaming-chat/markdown (with marked)' },
  { name: '`react-streaming-chat/server`', contents: `export * from ${dist('server.js')}`, external: ['node:*'], ours: true, limitName: 'react-streaming-chat/server' },
  { name: '`react-streaming-chat/server/redis`', contents: `export * from ${dist('server-redis.js')}`, external: ['node:*', 'redis', '@redis/*'], ours: true, limitName: 'react-streaming-chat/server/redis' },
  { name: '`react-streaming-chat/msw`', contents: `export * from ${dist('msw.js')}`, external: ['msw', 'msw/*'], ours: true, limitName: 'react-streaming-chat/msw' },
  { name: `\`${aiSdk}\`, whole entry`, contents: "export * from '@ai-sdk/react'", external: reactExternal, ours: false },
  { name: `\`${aiSdk}\`, only \`useChat\``, contents: "export { useChat } from '@ai-sdk/react'", external: reactExternal, ours: false },
  // @mcp-ui/client is an optional peer of @tanstack/ai-react (not installed): left out, like react.
  { name: `\`${tanstack}\`, whole entry`, contents: "export * from '@tanstack/ai-react'", external: [...reactExternal, '@mcp-ui/client'], ours: false },
  { name: `\`${tanstack}\`, only \`useChat\``, contents: "export { useChat } from '@tanstack/ai-react'", external: [...reactExternal, '@mcp-ui/client'], ours: false },
];

/** size-limit reads `5 KB` as 5,000 bytes (its JSON output says so). */
const parseLimit = (limit: string): number => {
  const [, value, unit = 'B'] = /^\s*([\d.]+)\s*([a-z]*)\s*$/i.exec(limit) ?? [];
  const scale: Record<string, number> = { b: 1, kb: 1000, kib: 1024, mb: 1e6, mib: 1024 * 1024 };
  return Number(value) * (scale[unit.toLowerCase()] ?? Number.NaN);
};

const limits = new Map<string, string>(
  existsSync(join(root, '.size-limit.json'))
    ? (JSON.parse(readFileSync(join(root, '.size-limit.json'), 'utf8')) as { name: string; limit: string }[]).map((l) => [l.name, l.limit])
    : [],
);

const measured: { entry: Entry; size: Measured }[] = [];
for (const entry of entries) {
  const size = await measure(entry.contents, entry.external);
  progress(`${entry.name}: ${bytes(size.gzip)} gzip`);
  measured.push({ entry, size });
}
const oursEssentials = measured[0]!.size.gzip;
const oursHook = measured[1]!.size.gzip;
const oursReact = measured.find(({ entry }) => entry.limitName === 'the whole React entry')!.size.gzip;

/** The budget of issue 10 for `{ useStreamingChat, StreamingMessage, CancelButton }` with SSE. */
const BUDGET = 5000;

/**
 * What each source module adds to the essentials: the min+gzip of the whole bundle less that of
 * the bundle without the module's code. gzip shares context between modules, so the shares do
 * not add up to the whole; each says what removing that module alone would save.
 */
async function breakdown(): Promise<{ module: string; min: number; gzip: number }[]> {
  const result = await build({
    stdin: { contents: `export { ${ESSENTIALS} } from './src/index.ts';`, resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'esm',
    write: false,
    external: reactExternal,
    jsx: 'automatic',
    logLevel: 'silent',
  });
  // esbuild marks where each module starts; without the export list, any module can be left out.
  const parts = result.outputFiles[0]!.text.replace(/^export \{[^}]*\};?$/m, '').split(/(?=^\/\/ src\/)/m);
  const size = async (code: string) => {
    const minified = (await transform(code, { minify: true, format: 'esm', loader: 'js' })).code;
    return { min: minified.length, gzip: gzipSync(minified, { level: 9 }).byteLength };
  };
  const moduleOf = (part: string) => /^\/\/ (src\/\S+)/.exec(part)?.[1];
  const whole = await size(parts.join(''));
  const shares = [];
  // A module may come in more than one piece (its imports hoisted apart): leave out all of them.
  for (const module of new Set(parts.map(moduleOf))) {
    if (!module) continue;
    const without = await size(parts.filter((part) => moduleOf(part) !== module).join(''));
    shares.push({ module, min: whole.min - without.min, gzip: whole.gzip - without.gzip });
  }
  return shares.filter((share) => share.gzip > 0).sort((a, b) => b.gzip - a.gzip);
}
const shares = await breakdown();

const section: Section = {
  title: 'min+gzip of each entry point',
  intro:
    'Each entry bundled by esbuild with all it imports (react, react-dom and msw external; node built-ins external ' +
    'for /server), minified, as ESM for the browser, `NODE_ENV=production`; gzip level 9 (as size-limit), brotli ' +
    'quality 11. Ours is measured from `dist/` after `npm run build`; the others from their published entries.',
  table: {
    head: ['entry', 'min (B)', 'min+gzip (B)', 'min+gzip', 'min+brotli (B)', 'gzip vs ours', '.size-limit.json', 'within'],
    rows: measured.map(({ entry, size }) => {
      const limit = entry.limitName ? limits.get(entry.limitName) : undefined;
      return [
        entry.name,
        fmt(size.min),
        fmt(size.gzip),
        bytes(size.gzip),
        fmt(size.brotli),
        entry.ours ? '' : ratio(size.gzip, entry.name.includes('only') ? oursHook : oursReact),
        limit ? `${limit} (${fmt(parseLimit(limit))} B)` : '',
        limit ? (size.gzip <= parseLimit(limit) ? 'yes' : '**no**') : '',
      ];
    }),
  },
  notes: [
    '"gzip vs ours": a whole entry against ours (`react-streaming-chat`), a single hook against `useStreamingChat` alone.',
    'A protocol factory alone includes what it needs of the engine (its SSE parser, the error type); imported beside ' +
      'the hook it adds only its own decoder.',
    '`.size-limit.json` is the lead\'s (checked by `npm test`); shown for reference. size-limit measures the same way ' +
      'but with its own esbuild settings, so its figures can differ by a few bytes.',
    ...notes,
  ],
  targets: [
    {
      name: `e. \`{ ${ESSENTIALS} }\` with SSE within ${fmt(BUDGET)} B gzip`,
      met: oursEssentials <= BUDGET,
      detail:
        `${fmt(oursEssentials)} B (${oursEssentials <= BUDGET ? `${fmt(BUDGET - oursEssentials)} B to spare` : `${fmt(oursEssentials - BUDGET)} B over`}); ` +
        `\`.size-limit.json\` enforces ${limits.get(entries[0]!.limitName!) ?? 'no limit'} in \`npm test\`.`,
      limit:
        oursEssentials <= BUDGET
          ? undefined
          : `what SPEC.md requires of these three: the engine (stream session, adaptive render budget, SSE parser, ` +
            `parts reducer, resumable exchange with reconnect and stop, controller) and the parts renderers with the ` +
            `default look. The table below splits the import by source module; the largest are ` +
            shares
              .slice(0, 5)
              .map((share) => `${share.module.replace(/^src\//, '')} (${fmt(share.gzip)} B)`)
              .join(', ') +
            '.',
    },
  ],
};

const breakdownSection: Section = {
  title: `\`{ ${ESSENTIALS} }\` by source module`,
  intro:
    'Bundled from `src/index.ts` by esbuild (those three imports), then each module\'s code left out in turn: the share is the ' +
    'min+gzip of the whole less that of the rest, i.e. what removing that module alone would save. gzip shares ' +
    'context between modules, so the shares do not add up to the whole.',
  table: {
    head: ['module', 'min (B)', 'gzip share (B)'],
    rows: shares.map((share) => [share.module, fmt(share.min), fmt(share.gzip)]),
  },
};

report([section, breakdownSection]);
