// `npm run bench:browser` (bench/browser.mjs bundles and runs this): the Chromium side by side.
// Builds bench/browserPage.{html,tsx} with Vite, serves it and the replies from one node:http
// server on 127.0.0.1 (the page fetches the reply, so TCP backpressure is real), and loads the
// page once per run in the system Chromium, interleaving contenders and workloads. Writes
// bench/browser-bench.json and bench/browser-bench.md, and puts that section into bench/RESULTS.md
// (bench/run.mjs copies it into each full rewrite). Options: --workload=a,b --contender=a,b
// --runs=3 --timeout=60000 (ms per run), and for a look inside: --trace (DevTools trace: each
// long task by event, the largest layouts) and --profile (CPU profile: self time by function).
import { mkdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync, existsSync, createReadStream, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import react from '@vitejs/plugin-react';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { createHash } from 'node:crypto';
import { wires, type Wire } from './support/wire';
import { markdownTable } from './support/report';
import type { PageResult } from './browserPage';

const root = process.cwd();
const here = join(root, 'bench');
const src = (path: string) => join(root, 'src', path);
const alias = [
  { find: /^react-streaming-chat\/markdown$/, replacement: src('markdown/index.ts') },
  { find: /^react-streaming-chat$/, replacement: src('index.ts') },
];

// ---- Workloads ------------------------------------------------------------------------------

type Mode = 'burst' | 'token' | 'paced';
interface Workload {
  name: string;
  label: string;
  tokens: () => string[];
  mode: Mode;
  /** paced: tokens per second. */
  rate?: number;
  markdown?: boolean;
}

const short = (n: number) => Array.from({ length: n }, (_, i) => `${i.toString(36).padStart(4, '0')} `);

const WORDS =
  'render frame layout token stream buffer commit browser paint budget the a of to and in is it that for on with as this be by are from at or an can not which have will more one if about when has they so what how each time into only new some then than would like way these also'.split(' ');
/** Prose with line ends (sentences, paragraphs every few), deterministic, `chars` long. */
function prose(chars: number): string {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    const sentences = 2 + Math.floor(random() * 6);
    let p = '';
    for (let s = 0; s < sentences; s++) {
      const words = Array.from({ length: 6 + Math.floor(random() * 18) }, () => WORDS[Math.floor(random() * WORDS.length)]!);
      p += `${s ? ' ' : ''}${words.join(' ')}.`;
    }
    p += '\n\n';
    parts.push(p);
    length += p.length;
  }
  return parts.join('').slice(0, chars);
}
const cut = (text: string, size: number) => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

/** About `chars` of markdown: headings, paragraphs with inline formatting, lists, code, tables. */
function markdownText(chars: number): string {
  const body = prose(chars).split('\n\n');
  const out: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    let block: string;
    const p = body[i % body.length]!;
    switch (i % 8) {
      case 0:
        block = `## Section ${i / 8 + 1}`;
        break;
      case 3:
        block = Array.from({ length: 5 }, (_, k) => `- item ${k + 1}: **${p.slice(0, 12)}** ${p.slice(12, 60)}`).join('\n');
        break;
      case 5:
        block = `\`\`\`ts\n${Array.from({ length: 10 }, (_, k) => `const value${k} = render(${k}, "${p.slice(k * 4, k * 4 + 20)}");`).join('\n')}\n\`\`\``;
        break;
      case 7:
        block = `| name | value | note |\n| --- | ---: | --- |\n${Array.from({ length: 5 }, (_, k) => `| row ${k} | ${k * 17} | ${p.slice(k * 9, k * 9 + 24)} |`).join('\n')}`;
        break;
      default:
        block = p.replace(/(\w+) (\w+)/, '**$1** _$2_').replace(/ (\w+)\./, ' `$1`.').replace(/ (\w{5,}) /, ' [$1](https://example.com/$1) ');
    }
    out.push(block);
    length += block.length + 2;
  }
  return out.join('\n\n');
}

const workloads: Workload[] = [
  { name: 'burst5', label: '10,000 × 5-char tokens, one burst', tokens: () => short(10_000), mode: 'burst' },
  { name: 'token5', label: '10,000 × 5-char tokens, one per write', tokens: () => short(10_000), mode: 'token' },
  { name: 'long1000', label: '2,000 × 1,000-char tokens (2 MB), one per write', tokens: () => cut(prose(2_000_000), 1000), mode: 'token' },
  { name: 'big10mb', label: 'a 10 MB reply (10,000 × 1,000-char tokens), one per write', tokens: () => cut(prose(10_000_000), 1000), mode: 'token' },
  { name: 'md1mb', label: '1 MB of markdown (20-char tokens) with the kit\'s markdown renderer', tokens: () => cut(markdownText(1_000_000), 20), mode: 'token', markdown: true },
  { name: 'paced', label: 'a fast model: 3,000 × 5-char tokens at 1,000 tokens/s', tokens: () => short(3_000), mode: 'paced', rate: 1000 },
];

const contenders = ['ours-message', 'ours-chat', 'naive', 'ai-sdk', 'ai-sdk-50'] as const;
type Contender = (typeof contenders)[number];
const contenderLabels: Record<Contender, string> = {
  'ours-message': 'ours, `<StreamingMessage>`',
  'ours-chat': 'ours, `<StreamingChat>`',
  naive: 'naive `setState` per token',
  'ai-sdk': '`useChat`',
  'ai-sdk-50': '`useChat` throttle 50',
};

// ---- Arguments ------------------------------------------------------------------------------

const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const RUNS = Number(option('runs') ?? 3);
const TIMEOUT_MS = Number(option('timeout') ?? 60_000);
const selectedWorkloads = option('workload') ? workloads.filter((w) => option('workload')!.split(',').includes(w.name)) : workloads;
const selectedContenders = option('contender')
  ? contenders.filter((c) => option('contender')!.split(',').includes(c))
  : [...contenders];
const full = selectedWorkloads.length === workloads.length && selectedContenders.length === contenders.length && RUNS >= 3;

// ---- Server ---------------------------------------------------------------------------------

interface Prepared {
  workload: Workload;
  text: string;
  sha256: string;
  frames: Record<Wire, string[]>;
  bodies: Partial<Record<Wire, Buffer>>;
}

function prepare(workload: Workload): Prepared {
  const tokens = workload.tokens();
  const text = tokens.join('');
  const frames = {} as Record<Wire, string[]>;
  for (const wire of ['sse', 'ui'] as Wire[]) {
    const format = wires[wire];
    frames[wire] = [format.open, ...tokens.map((token) => format.token(token)), format.end].filter(Boolean);
  }
  return { workload, text, sha256: createHash('sha256').update(text).digest('hex'), frames, bodies: {} };
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css' };
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function serveReply(res: ServerResponse, prepared: Prepared, wire: Wire) {
  const { workload } = prepared;
  const frames = prepared.frames[wire];
  let gone = false;
  res.on('close', () => (gone = true));
  if (workload.mode === 'burst') {
    const body = (prepared.bodies[wire] ??= Buffer.from(frames.join('')));
    res.writeHead(200, { ...wires[wire].headers, 'content-length': String(body.byteLength) });
    res.end(body);
    return;
  }
  res.writeHead(200, wires[wire].headers);
  const write = async (frame: string) => {
    if (!res.write(frame) && !gone) await new Promise<void>((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
  };
  if (workload.mode === 'token') {
    for (const frame of frames) {
      if (gone) return;
      await write(frame);
      await turn();
    }
  } else {
    // Paced: each token at its time (rate per second), the ones due written every millisecond or so.
    const started = performance.now();
    let next = 0;
    while (next < frames.length && !gone) {
      const due = Math.min(frames.length, 1 + Math.floor(((performance.now() - started) * workload.rate!) / 1000));
      while (next < due) await write(frames[next++]!);
      await sleep(1);
    }
  }
  res.end();
}

async function startServer(staticDir: string, replies: Map<string, Prepared>) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/api/reply') {
      req.resume();
      const prepared = replies.get(url.searchParams.get('workload') ?? '');
      if (!prepared) return void res.writeHead(404).end();
      serveReply(res, prepared, (url.searchParams.get('wire') ?? 'sse') as Wire).catch(() => res.destroy());
      return;
    }
    const file = join(staticDir, url.pathname === '/' ? 'browserPage.html' : url.pathname.replace(/^\/+/, ''));
    if (!file.startsWith(staticDir) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

// ---- Runs -----------------------------------------------------------------------------------

interface Cell {
  runs: Array<PageResult | { timeout: true }>;
}

const median = (values: number[]) => {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
};

async function runOnce(browser: Browser, url: string, contender: Contender, prepared: Prepared): Promise<PageResult | { timeout: true }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(`${message.type()}: ${message.text()}`);
  });
  try {
    await page.goto(`${url}/browserPage.html?contender=${contender}&workload=${prepared.workload.name}&markdown=${prepared.workload.markdown ? 1 : 0}`);
    await page.waitForFunction(() => window.__ready === true);
    await sleep(300);
    // The renderer's own accounting (CDP Performance.getMetrics): layout, style and script time.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () =>
      Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value])) as Record<string, number>;
    const before = await metrics();
    const tracing = option('trace') ? startTrace(cdp) : undefined;
    if (args.includes('--profile')) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const raced = await Promise.race([
      page.evaluate((length) => window.__run(length), prepared.text.length),
      new Promise<{ timeout: true }>((resolve) => (timer = setTimeout(() => resolve({ timeout: true }), TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    if (tracing) summarizeTrace(await tracing.stop(), `${contender} ${prepared.workload.name}`);
    if (args.includes('--profile')) summarizeProfile((await cdp.send('Profiler.stop')).profile, `${contender} ${prepared.workload.name}`);
    let result: PageResult | { timeout: true } = raced;
    if (!('timeout' in raced)) {
      const after = await metrics();
      const spent = (name: string) => (after[name]! - before[name]!) * 1000;
      result = { ...raced, layoutMs: spent('LayoutDuration'), styleMs: spent('RecalcStyleDuration'), scriptMs: spent('ScriptDuration'), taskMs: spent('TaskDuration') };
    }
    if ('timeout' in result) {
      process.stderr.write(`  ${contender} ${prepared.workload.name}: timed out; page: ${errors.join(' | ') || 'no errors'}\n`);
      return result;
    }
    if (errors.length) throw new Error(`${contender} ${prepared.workload.name}: ${errors.join('\n')}`);
    // The markdown renderer shows the source's text, not the source: only plain replies compare exactly.
    if (!prepared.workload.markdown && (result.shownLength !== prepared.text.length || result.shownSha256 !== prepared.sha256)) {
      throw new Error(`${contender} ${prepared.workload.name}: the reply shown differs (${result.shownLength} vs ${prepared.text.length} chars)`);
    }
    return result;
  } finally {
    await context.close().catch(() => {});
  }
}

// ---- --trace: a DevTools trace of each run, its long tasks broken down by event ------------------

type CDP = Awaited<ReturnType<import('playwright-core').BrowserContext['newCDPSession']>>;
interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { data?: Record<string, unknown> } }

function startTrace(cdp: CDP) {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => void events.push(...(value as unknown as TraceEvent[])));
  const started = cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,blink.user_timing',
    transferMode: 'ReportEvents',
  });
  return {
    async stop() {
      await started;
      const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await done;
      return events;
    },
  };
}

/** Prints each task over 50 ms on the page's main thread and the events inside it, by total time. */
function summarizeTrace(events: TraceEvent[], label: string) {
  const main = events.find((e) => e.name === 'thread_name' && (e.args as { name?: string } | undefined)?.name === 'CrRendererMain');
  const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
  const layouts = onMain.filter((e) => e.name === 'Layout').sort((a, b) => b.dur! - a.dur!);
  const total = layouts.reduce((sum, e) => sum + e.dur! / 1000, 0);
  process.stderr.write(`    trace ${label}: ${layouts.length} layouts, ${total.toFixed(0)} ms; largest: ${layouts
    .slice(0, 4)
    .map((e) => `${(e.dur! / 1000).toFixed(1)} ms ${JSON.stringify((e.args as { beginData?: unknown })?.beginData ?? {}).slice(0, 160)}`)
    .join(' | ')}\n`);
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur! > 50_000);
  for (const task of tasks) {
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur!);
    const byName = new Map<string, number>();
    for (const e of inside) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur! / 1000);
    const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([n, d]) => `${n} ${d.toFixed(0)}`).join(', ');
    process.stderr.write(`    trace ${label}: task ${(task.dur! / 1000).toFixed(0)} ms: ${top}\n`);
  }
}

/** Prints the functions with the most self time in a CPU profile. */
function summarizeProfile(profile: { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>; samples?: number[]; timeDeltas?: number[] }, label: string) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples?.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber}`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([n, d]) => `${n} ${d.toFixed(0)}`).join('\n      ');
  process.stderr.write(`    profile ${label} (self ms):\n      ${top}\n`);
}

async function main() {
  const started = Date.now();
  const temp = mkdtempSync(join(tmpdir(), 'rsc-bench-browser-'));
  await build({
    configFile: false,
    root: here,
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    resolve: { alias },
    define: { 'process.env.NODE_ENV': '"production"' },
    build: { outDir: temp, emptyOutDir: true, minify: !args.includes('--profile'), rolldownOptions: { input: join(here, 'browserPage.html') } },
  });
  const replies = new Map(selectedWorkloads.map((w) => [w.name, prepare(w)]));
  const server = await startServer(temp, replies);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(' / ');
  const cells = new Map<string, Cell>();
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const workload of selectedWorkloads) {
        // Interleaved, in a rotating order: a busy moment of the machine hits every contender alike.
        const order = selectedContenders.map((_, i) => selectedContenders[(i + run) % selectedContenders.length]!);
        for (const contender of order) {
          const t0 = Date.now();
          const result = await runOnce(browser, server.url, contender, replies.get(workload.name)!);
          const key = `${workload.name}/${contender}`;
          (cells.get(key) ?? cells.set(key, { runs: [] }).get(key)!).runs.push(result);
          const shown = 'timeout' in result
            ? 'timeout'
            : `paint ${result.paintMs.toFixed(0)} ms, ${result.longTasksMs.length} long tasks (max ${Math.max(0, ...result.longTasksMs).toFixed(0)}), gap ${result.maxFrameGapMs.toFixed(0)} ms, ${result.commits} commits${result.renderBudget ? `, budget ${result.renderBudget}` : ''}; layout ${result.layoutMs?.toFixed(0)} style ${result.styleMs?.toFixed(0)} script ${result.scriptMs?.toFixed(0)} task ${result.taskMs?.toFixed(0)} ms`;
          process.stderr.write(`  run ${run + 1} ${workload.name} ${contender}: ${shown} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
        }
      }
    }
  } finally {
    const version = browser.version();
    await browser.close();
    await server.close();
    rmSync(temp, { recursive: true, force: true });
    writeResults(cells, version, loadAtStart, Math.round((Date.now() - started) / 1000));
  }
}

// ---- Report ---------------------------------------------------------------------------------

interface Summary {
  runs: number;
  timeouts: number;
  paintMs: number;
  longTasks: number;
  maxLongTaskMs: number;
  maxFrameGapMs: number;
  commits: number;
}

function summarize(cell: Cell): Summary {
  const ok = cell.runs.filter((r): r is PageResult => !('timeout' in r));
  return {
    runs: cell.runs.length,
    timeouts: cell.runs.length - ok.length,
    paintMs: median(ok.map((r) => r.paintMs)),
    longTasks: median(ok.map((r) => r.longTasksMs.length)),
    maxLongTaskMs: median(ok.map((r) => Math.max(0, ...r.longTasksMs))),
    maxFrameGapMs: median(ok.map((r) => r.maxFrameGapMs)),
    commits: median(ok.map((r) => r.commits)),
  };
}

const ms = (value: number) => (Number.isNaN(value) ? '—' : value >= 100 ? value.toFixed(0) : value.toFixed(1));

function writeResults(cells: Map<string, Cell>, chromiumVersion: string, loadAtStart: string, seconds: number) {
  const summaries: Record<string, Summary & { raw: Cell['runs'] }> = {};
  for (const [key, cell] of cells) summaries[key] = { ...summarize(cell), raw: cell.runs.map((r) => ('timeout' in r ? r : { ...r, shownSha256: undefined })) as Cell['runs'] };
  const json = { measuredAt: new Date().toISOString(), chromium: chromiumVersion, runs: RUNS, timeoutMs: TIMEOUT_MS, cells: summaries };
  mkdirSync(join(here, '.out'), { recursive: true });
  writeFileSync(join(here, full ? 'browser-bench.json' : '.out/browser-bench.partial.json'), `${JSON.stringify(json, null, 2)}\n`);

  const rows: string[][] = [];
  for (const workload of selectedWorkloads) {
    for (const contender of selectedContenders) {
      const s = summaries[`${workload.name}/${contender}`];
      if (!s) continue;
      const timeouts = s.timeouts ? ` (${s.timeouts} of ${s.runs} over ${TIMEOUT_MS / 1000} s)` : '';
      rows.push([
        workload.label,
        contenderLabels[contender],
        `${ms(s.paintMs)}${timeouts}`,
        Number.isNaN(s.longTasks) ? '—' : String(s.longTasks),
        ms(s.maxLongTaskMs),
        ms(s.maxFrameGapMs),
        Number.isNaN(s.commits) ? '—' : String(s.commits),
      ]);
    }
  }
  const table = markdownTable({
    head: ['workload', 'contender', 'full text painted (ms)', 'long tasks', 'longest task (ms)', 'worst frame gap (ms)', 'commits'],
    rows,
    align: ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
  });

  const get = (w: string, c: Contender) => summaries[`${w}/${c}`];
  const targets: Array<{ name: string; met: boolean; detail: string }> = [];
  const long = (c: Contender) => get('long1000', c);
  for (const c of ['ours-message', 'ours-chat'] as const) {
    const s = long(c);
    if (s) targets.push({ name: `2,000 × 1,000-char tokens, ${contenderLabels[c]}: no long task over 50 ms`, met: s.longTasks === 0 && !s.timeouts, detail: `${s.longTasks} long tasks (median), longest ${ms(s.maxLongTaskMs)} ms (median); per run: ${JSON.stringify(cells.get(`long1000/${c}`)!.runs.map((r) => ('timeout' in r ? 'timeout' : r.longTasksMs.map((t) => Math.round(t)))))}` });
    const naive = long('naive');
    if (s && naive) targets.push({ name: `2,000 × 1,000-char tokens, ${contenderLabels[c]}: full text painted no later than the naive hook's`, met: s.paintMs <= naive.paintMs, detail: `${ms(s.paintMs)} ms vs naive ${ms(naive.paintMs)} ms` });
  }
  for (const c of ['ours-message', 'ours-chat'] as const) {
    const s = get('big10mb', c);
    if (s) targets.push({ name: `10 MB reply, ${contenderLabels[c]}: no frame gap over 100 ms`, met: s.maxFrameGapMs <= 100 && !s.timeouts, detail: `worst frame gap ${ms(s.maxFrameGapMs)} ms (median of ${s.runs}; per run ${cells.get(`big10mb/${c}`)!.runs.map((r) => ('timeout' in r ? 'timeout' : ms(r.maxFrameGapMs))).join(', ')})` });
  }
  for (const w of ['burst5', 'token5', 'paced']) {
    for (const c of ['ours-message', 'ours-chat'] as const) {
      const s = get(w, c);
      if (s) targets.push({ name: `${workloads.find((x) => x.name === w)!.label}, ${contenderLabels[c]}: zero long tasks`, met: s.longTasks === 0 && !s.timeouts, detail: `${s.longTasks} long tasks (median); in all ${s.runs} runs: ${JSON.stringify(cells.get(`${w}/${c}`)!.runs.flatMap((r) => ('timeout' in r ? ['timeout'] : r.longTasksMs.map((t) => String(Math.round(t))))))}` });
    }
  }
  const markdown = [
    '## Browser: Chromium side by side (`npm run bench:browser`)',
    '',
    `Chromium ${chromiumVersion} (headless, \`--disable-gpu\`), driven by playwright-core from Node; 1200×900 viewport. Written by \`npm run bench:browser\` (bench/browserBench.ts) on ${new Date().toISOString().slice(0, 10)}; ${RUNS} runs per cell, interleaved (each run loads the page afresh, contenders in a rotating order); the whole run took ${seconds} s; load average ${loadAtStart} (1/5/15 min) at the start. Every figure is the median of the runs. The machine is shared (2 cores, other work running): compare the rows of one workload with each other, not across runs.`,
    '',
    'The page holds 200 paragraphs of earlier conversation (100 exchanges) around the reply, which a node:http server on 127.0.0.1 streams to the page\'s fetch (SSE; the AI SDK\'s UI message stream for `useChat`), one write per token unless it says burst, waiting for `drain`, so backpressure is real. *Full text painted*: from send to the first task after the frame that follows the commit showing the last character. *Long tasks*: PerformanceObserver `longtask` entries (over 50 ms) in that time, and the longest (0 when none). *Worst frame gap*: the longest time between two `requestAnimationFrame` callbacks. *Commits*: of the page\'s React tree (a Profiler). Markdown: every contender renders with this kit\'s markdown (ours with `render={renderMarkdown}`, the others with `<StreamingMarkdown>`), so only the hook differs. The naive hook and `useChat` show the text in one `white-space: pre-wrap` block; ours in `<StreamingMessage>` (stable chunks). A plain reply is checked to be on screen exactly (SHA-256 of the text).',
    '',
    table,
    '',
    ...targets.map((t) => `- **Target: ${t.name}: ${t.met ? 'met' : 'MISSED'}.** ${t.detail}`),
    '',
  ].join('\n');
  console.log(markdown);
  for (const t of targets) console.error(`${t.met ? 'met   ' : 'MISSED'} ${t.name}: ${t.detail}`);
  if (!full) {
    console.error('A partial run (a subset or fewer than 3 runs): bench/.out/browser-bench.partial.json only; RESULTS.md untouched.');
    return;
  }
  writeFileSync(join(here, 'browser-bench.md'), markdown);
  const resultsFile = join(here, 'RESULTS.md');
  const results = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Benchmark results\n';
  const startAt = results.indexOf('## Browser: Chromium side by side');
  let updated: string;
  if (startAt === -1) updated = `${results.trimEnd()}\n\n${markdown}`;
  else {
    const next = results.indexOf('\n## ', startAt + 3);
    updated = results.slice(0, startAt) + markdown + (next === -1 ? '' : `\n${results.slice(next + 1)}`);
  }
  writeFileSync(resultsFile, updated);
  console.error('Wrote bench/browser-bench.json, bench/browser-bench.md and its section of bench/RESULTS.md');
}

await main();
