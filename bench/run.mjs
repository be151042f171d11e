#!/usr/bin/env node
// `npm run bench [-- name…]`: bundles each benchmark with esbuild (TS, TSX and the
// `react-streaming-chat` path aliases from tsconfig.json), runs each in its own `node` process,
// prints its tables as Markdown and, after a full run, writes bench/RESULTS.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
// One directory per run: several runs at once (on a shared machine) must not delete each other's bundles.
const out = join(here, '.out', String(process.pid));

const benches = [
  { name: 'commits', file: 'commits.tsx', title: 'a. Commits and wall time' },
  { name: 'renderCost', file: 'renderCost.tsx', title: 'b. A 5 ms render: total time and read-ahead' },
  { name: 'sseParse', file: 'sseParse.ts', title: 'c. SSE parse throughput' },
  { name: 'cancel', file: 'cancel.ts', title: 'd. Cancel latency' },
  { name: 'size', file: 'size.ts', title: 'e. Bundle size' },
  { name: 'adaptive', file: 'adaptive.tsx', title: 'f. The adaptive render budget: speed and read-ahead' },
  { name: 'markdown', file: 'markdown.tsx', title: 'g. Streaming markdown: cost per flush, total, parser' },
  { name: 'decode', file: 'decode.ts', title: 'h. Structured replies: decode throughput per protocol' },
  { name: 'resume', file: 'resume.ts', title: 'i. Resumable streams: drop to resumed token, per-reader memory, cross-instance stop' },
];

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const selected = wanted.length ? benches.filter((b) => wanted.includes(b.name)) : benches;
if (wanted.length && selected.length !== wanted.length) {
  console.error(`Unknown benchmark. Choose from: ${benches.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const started = Date.now();
await build({
  entryPoints: [
    ...selected.map((b) => ({ in: join(here, b.file), out: b.name })),
    // The server thread of the React benchmarks (bench/support/serverThread.ts).
    { in: join(here, 'support/serverWorker.ts'), out: 'serverWorker' },
    { in: join(here, 'support/report.ts'), out: 'report' },
  ],
  outdir: out,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // React's production build (react-dom/profiling keeps <Profiler onRender> working in it).
  define: { 'process.env.NODE_ENV': '"production"' },
  // jsdom loads files at run time; esbuild measures bundles itself.
  external: ['jsdom', 'esbuild'],
  // Bundled CommonJS (React) may call require() for Node built-ins.
  banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
  tsconfig: join(root, 'tsconfig.json'),
  jsx: 'automatic',
  logLevel: 'warning',
});

const version = (pkg) => JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const cpuModel = (() => {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model;
  } catch {
    return cpus()[0]?.model;
  }
})();
const machine = {
  nproc: execFileSync('nproc').toString().trim(),
  node: process.version,
  cpu: cpuModel,
  react: version('react'),
  'react-dom': version('react-dom'),
  '@ai-sdk/react': version('@ai-sdk/react'),
  ai: version('ai'),
  '@tanstack/ai-react': version('@tanstack/ai-react'),
  'eventsource-parser': version('eventsource-parser'),
  jsdom: version('jsdom'),
  [own.name]: `${own.version} (working tree${gitHead()})`,
};

function gitHead() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: root }).toString().trim();
    return ` at ${head}${dirty ? ', src/ modified' : ''}`;
  } catch {
    return '';
  }
}

// The report's Markdown, from the same module the benchmarks report through.
const { sectionMarkdown } = await import(join(out, 'report.mjs'));

const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');
const loadAtStart = load();
const header = [
  `Machine: ${machine.nproc} cores (\`nproc\`), ${machine.cpu}, Node ${machine.node}; load average ${loadAtStart} (1/5/15 min) at the start.`,
  `Versions: ${Object.entries(machine)
    .filter(([key]) => !['nproc', 'node', 'cpu'].includes(key))
    .map(([key, value]) => `${key} ${value}`)
    .join(', ')}.`,
].join('\n');
console.log(`## Benchmarks\n\n${header}\n`);

const results = [];
let failed = false;
for (const bench of selected) {
  console.error(`\n▶ ${bench.name}`);
  const file = join(out, `${bench.name}.json`);
  const t0 = Date.now();
  const child = spawnSync(process.execPath, ['--expose-gc', join(out, `${bench.name}.mjs`)], {
    cwd: root,
    env: { ...process.env, BENCH_OUT: file },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (child.status !== 0) {
    failed = true;
    console.error(`✗ ${bench.name} failed (exit ${child.status ?? child.signal}) after ${seconds} s`);
    results.push({ bench, seconds, sections: [] });
    continue;
  }
  const sections = JSON.parse(readFileSync(file, 'utf8'));
  results.push({ bench, seconds, sections });
  console.error(`✓ ${bench.name} in ${seconds} s`);
  console.log(`## ${bench.title}\n\n${sections.map(sectionMarkdown).join('\n\n')}\n`);
}
const total = ((Date.now() - started) / 1000).toFixed(0);
console.error(`\nTotal ${total} s`);

if (selected.length === benches.length && !failed) {
  const targets = results.flatMap((r) => r.sections.flatMap((s) => s.targets ?? []));
  const summary = targets
    .map((t) => `| ${t.name} | ${t.met ? 'met' : '**missed**'} | ${t.detail.replace(/\|/g, '\\|')} |`)
    .join('\n');
  const markdown = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.mjs); do not edit by hand. Machines are noisy: read the medians and',
    'ratios, not the last digit. Every figure is the median of the runs named in its table.',
    '',
    header,
    `Run on ${new Date().toISOString().slice(0, 10)}; the whole run took ${total} s; load average ${load()} at the end.`,
    '',
    '## Targets',
    '',
    '| target | verdict | numbers |',
    '| --- | --- | --- |',
    summary,
    '',
    ...results.flatMap((r) => [`## ${r.bench.title}`, '', r.sections.map(sectionMarkdown).join('\n\n'), '']),
    // The Chromium side by side, as `npm run bench:browser` last wrote it (bench/browserBench.ts).
    ...(existsSync(join(here, 'browser-bench.md')) ? [readFileSync(join(here, 'browser-bench.md'), 'utf8')] : []),
  ].join('\n');
  writeFileSync(join(here, 'RESULTS.md'), markdown);
  console.error('Wrote bench/RESULTS.md');
} else if (failed) {
  process.exitCode = 1;
}
rmSync(out, { recursive: true, force: true });
