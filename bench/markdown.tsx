/**
 * g. Markdown: the cost of one flush at 1, 10 and 100 KB of answer, ours against react-markdown
 * + remark-gfm (the whole text, every flush) and streamdown; the main-thread time to stream a
 * 100 KB answer at one flush per frame; and the parsers we could have built on, by speed and size.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { ReactElement } from 'react';
import { installDom } from './support/dom';
import { progress, report, type Section } from './support/report';
import { bytes, fmt, median, ratio, settle } from './support/stats';

// React DOM reads `window` when it loads: the DOM first, then React.
installDom();
const { createElement } = await import('react');
const { flushSync } = await import('react-dom');
const { createRoot } = await import('react-dom/client');
const { StreamingMarkdown } = await import('react-streaming-chat/markdown');
const { default: ReactMarkdown } = await import('react-markdown');
const { default: remarkGfm } = await import('remark-gfm');
const { Streamdown } = await import('streamdown');
const { Lexer, getDefaults } = await import('marked');
const { micromark } = await import('micromark');
const { gfm, gfmHtml } = await import('micromark-extension-gfm');
const { default: MarkdownIt } = await import('markdown-it');

const KB = 1024;
const version = (pkg: string) =>
  (JSON.parse(readFileSync(join(process.cwd(), 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
const versions = ['marked', 'react-markdown', 'remark-gfm', 'streamdown', 'micromark', 'micromark-extension-gfm', 'markdown-it']
  .map((pkg) => `${pkg} ${version(pkg)}`)
  .join(', ');
const SIZES = [1 * KB, 10 * KB, 100 * KB];
/** Characters a flush adds: 16 tokens of ~4 characters, a fast model at 60 frames a second. */
const BATCH = 64;
/** Characters a flush adds in the whole-answer run: ~100 tokens a frame, a fast replay. */
const STREAM_BATCH = 400;
const FLUSHES = 60;
/** react-markdown's 100 KB stream: every 16th flush rendered (see `streamWhole`). */
const SAMPLE_EVERY = 16;
const RUNS = 3;

/** Realistic answers (the test corpus), one after another until the text is long enough. */
function answerText(length: number): string {
  const folder = join(process.cwd(), 'test/fixtures/markdown');
  const answers = readdirSync(folder)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => readFileSync(join(folder, name), 'utf8'));
  let text = '';
  for (let i = 0; text.length < length; i++) text += `${answers[i % answers.length]}\n\n`;
  return text.slice(0, length);
}
const source = answerText(100 * KB + (FLUSHES + 1) * BATCH + 1);
const answer100 = source.slice(0, 100 * KB);

// Every size gets the same flushes: the answer so far ends at a block boundary near the size,
// and the same continuation (the corpus from its start) arrives. So what differs is only the
// length of what came before, not what the flushes add (a table costs more than a paragraph).
const answerBefore = (size: number) => source.slice(0, source.lastIndexOf('\n\n', size) + 2);
const continuation = source.slice(0, (FLUSHES + 1) * BATCH);

/**
 * `text` as one flat string, so its slices are views of it. A text grown by concatenation is a
 * rope in V8, and whoever reads it first (any renderer) copies it into a flat string: that cost
 * depends on how the text is built, not on the renderer, and is measured on its own below.
 */
function flat(text: string): string {
  text.includes('\r');
  return text;
}

/** The median time V8 takes to flatten a text of `size` grown by one BATCH (a rope, read once). */
function flattenMs(size: number): number {
  let text = source.slice(0, size);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    text += continuation.slice((i * BATCH) % (continuation.length - BATCH), ((i * BATCH) % (continuation.length - BATCH)) + BATCH);
    const start = performance.now();
    text.includes('\r');
    times.push(performance.now() - start);
  }
  return median(times);
}

type Contender = 'ours' | 'react-markdown' | 'streamdown';
const contenders: Contender[] = ['ours', 'react-markdown', 'streamdown'];
const labels: Record<Contender, string> = {
  ours: '`<StreamingMarkdown streaming>`',
  'react-markdown': '`react-markdown` + `remark-gfm` (whole text)',
  streamdown: '`streamdown` `<Streamdown>`',
};
const plugins = [remarkGfm];

function element(contender: Contender, text: string, streaming: boolean): ReactElement {
  if (contender === 'ours') return createElement(StreamingMarkdown, { text, streaming });
  if (contender === 'react-markdown') return createElement(ReactMarkdown, { remarkPlugins: plugins }, text);
  return createElement(Streamdown, { mode: streaming ? 'streaming' : 'static', isAnimating: streaming, controls: false }, text);
}

/** A root in the jsdom document, and the time of one synchronous render + commit into it. */
function mount() {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  return {
    container,
    render(node: ReactElement): number {
      const start = performance.now();
      flushSync(() => root.render(node));
      return performance.now() - start;
    },
    unmount() {
      root.unmount();
      container.remove();
    },
  };
}

/**
 * The median time of a flush that adds BATCH characters, at each size. The sizes take turns
 * (one flush of each, then the next), so a busy moment of the machine hits them all alike.
 */
function perFlush(contender: Contender, flushes: (size: number) => number): number[] {
  const pages = SIZES.map((size) => {
    const page = mount();
    const before = answerBefore(size);
    const full = flat(before + continuation);
    page.render(element(contender, before, true));
    return { page, size, before, full, times: [] as number[] };
  });
  // The first render of 100 KB leaves a lot to collect: not the flushes' cost.
  (globalThis as { gc?: () => void }).gc?.();
  for (let i = 1; i <= Math.max(...SIZES.map(flushes)); i++) {
    for (const { page, size, before, full, times } of pages) {
      if (i <= flushes(size)) times.push(page.render(element(contender, full.slice(0, before.length + i * BATCH), true)));
    }
  }
  for (const { page } of pages) page.unmount();
  return pages.map(({ times }) => median(times));
}

/**
 * Total render time to stream `text` in STREAM_BATCH-character flushes, then the final render.
 * With `every` > 1 only every `every`-th flush is rendered and the total is their sum × `every`:
 * for react-markdown, which keeps nothing from one render to the next, that is the same total in
 * expectation, in a fraction of the time (the full run takes minutes on a loaded machine).
 */
function streamWhole(contender: Contender, text: string, every = 1): { totalMs: number; flushes: number; rendered: number; maxMs: number } {
  const page = mount();
  let totalMs = 0;
  let maxMs = 0;
  let flushes = 0;
  let rendered = 0;
  for (let at = STREAM_BATCH; ; at += STREAM_BATCH) {
    const end = Math.min(at, text.length);
    flushes++;
    if (flushes % every === 0 || end === text.length) {
      const ms = page.render(element(contender, text.slice(0, end), end < text.length));
      totalMs += end === text.length ? ms : ms * every;
      maxMs = Math.max(maxMs, ms);
      rendered++;
    }
    if (end === text.length) break;
  }
  if (contender === 'ours' && page.container.querySelectorAll('table').length === 0) throw new Error('the answer rendered no table');
  page.unmount();
  return { totalMs, flushes, rendered, maxMs };
}

/** The whole-text renderers take long on long answers: fewer flushes there, the median all the same. */
const flushesOf = (contender: Contender, size: number) => (contender === 'ours' || size <= KB ? FLUSHES : size <= 10 * KB ? 15 : 5);

// Each contender in turn, warmed up first, all its runs before the next one's: the garbage
// a whole-text renderer leaves (hundreds of MB at 100 KB) would otherwise be collected during
// the next contender's flushes and counted as theirs.
const flushMs = new Map<string, number[]>();
for (const contender of contenders) {
  perFlush(contender, () => 3);
  await settle();
  for (let run = 1; run <= RUNS; run++) {
    progress(`per flush: ${contender}, run ${run}/${RUNS}`);
    perFlush(contender, (size) => flushesOf(contender, size)).forEach((ms, i) => {
      const key = `${contender}|${SIZES[i]}`;
      flushMs.set(key, [...(flushMs.get(key) ?? []), ms]);
    });
    await settle();
  }
}
const flushOf = (contender: Contender, size: number) => median(flushMs.get(`${contender}|${size}`)!);

const streams = new Map<Contender, ReturnType<typeof streamWhole>[]>();
for (let run = 1; run <= RUNS; run++) {
  progress(`100 KB stream, run ${run}/${RUNS}`);
  for (const contender of contenders) {
    // The O(n²) contenders take many seconds a run: once is enough to see the ratio.
    if (run > 1 && contender !== 'ours') continue;
    const result = streamWhole(contender, answer100, contender === 'react-markdown' ? SAMPLE_EVERY : 1);
    streams.set(contender, [...(streams.get(contender) ?? []), result]);
    await settle();
  }
}
const totalOf = (contender: Contender) => median(streams.get(contender)!.map((s) => s.totalMs));

// The parsers: lex (or parse to tokens, or compile) the same text, and bundle each alone.
const markdownIt = new MarkdownIt({ linkify: true });
const parsers = {
  'marked `Lexer.lex` (tokens)': (text: string) => Lexer.lex(text, getDefaults()),
  'micromark + GFM (to HTML: it has no token tree)': (text: string) => micromark(text, { extensions: [gfm()], htmlExtensions: [gfmHtml()] }),
  'markdown-it `parse` (tokens)': (text: string) => markdownIt.parse(text, {}),
};
const parserEntries: Record<keyof typeof parsers, string> = {
  'marked `Lexer.lex` (tokens)': "export { Lexer, getDefaults } from 'marked'",
  'micromark + GFM (to HTML: it has no token tree)': "export { micromark } from 'micromark'; export { gfm, gfmHtml } from 'micromark-extension-gfm'",
  'markdown-it `parse` (tokens)': "export { default } from 'markdown-it'",
};
async function gzipSize(contents: string): Promise<number> {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).byteLength;
}
function parseMs(parse: (text: string) => unknown, text: string): number {
  const times: number[] = [];
  const repeats = text.length > 50 * KB ? 10 : 50;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    parse(text);
    times.push(performance.now() - start);
  }
  return median(times);
}
progress('parsers');
const parserRows: string[][] = [];
const parserSizes: number[] = [];
const parserMs = new Map<string, number[]>();
for (const [name, parse] of Object.entries(parsers)) {
  parseMs(parse, source.slice(0, 10 * KB)); // warm-up
  const times = SIZES.map((size) => parseMs(parse, source.slice(0, size)));
  parserMs.set(name, times);
  const size = await gzipSize(parserEntries[name as keyof typeof parsers]);
  parserSizes.push(size);
  parserRows.push([name, ...times.map((ms) => fmt(ms, 3)), fmt(size), bytes(size)]);
}

progress('flattening');
const flatten = SIZES.map(flattenMs);
const growth = flushOf('ours', 100 * KB) / flushOf('ours', 1 * KB);
const speedup = totalOf('react-markdown') / totalOf('ours');

const flushSection: Section = {
  title: 'Render time per flush',
  intro:
    `Median over ${RUNS} runs of the median of ${FLUSHES} flushes (for the others, 15 at 10 KB and 5 at 100 KB), each adding ` +
    `${BATCH} characters to an answer of the given size (ending at a block boundary; every size gets the same ` +
    'continuation, and the sizes take turns flush by flush), rendered with `flushSync(() => root.render(…))` into ' +
    'a jsdom document (React production build): render, commit and effects, in milliseconds. The answers are ' +
    `the test corpus (test/fixtures/markdown: lists, tables, code, nested emphasis), one after another. Versions: ${versions}.`,
  table: {
    head: ['renderer', '1 KB (ms)', '10 KB (ms)', '100 KB (ms)', '100 KB ÷ 1 KB', 'vs ours at 100 KB'],
    rows: contenders.map((contender) => [
      labels[contender],
      ...SIZES.map((size) => fmt(flushOf(contender, size), 3)),
      ratio(flushOf(contender, 100 * KB), flushOf(contender, 1 * KB), 2),
      ratio(flushOf(contender, 100 * KB), flushOf('ours', 100 * KB)),
    ]),
  },
  notes: [
    'Ours keeps the blocks that are finished (same objects, memoized components) and lexes and renders only the ' +
      'last two; react-markdown parses and renders the whole text on every flush; streamdown splits the whole text ' +
      'into blocks with marked on every flush and memoizes the block components.',
    'Work that streamdown defers (idle callbacks, lazy code highlighting) is not counted.',
    `Each flush's text is a slice of one flat string. A text grown by \`+=\` (as a message's parts are) is a rope ` +
      'in V8, and the first to read it after a flush (whatever the renderer) pays for copying it flat: ' +
      `${SIZES.map((size) => `${fmt(flatten[SIZES.indexOf(size)]!, 3)} ms at ${size / KB} KB`).join(', ')} here (median of 200 ` +
      'reads, each after one more concatenation), on top of the figures above.',
  ],
  targets: [
    {
      name: 'g. per-flush render time at 100 KB within 1.5× of that at 1 KB',
      met: growth <= 1.5,
      detail: `${fmt(flushOf('ours', 100 * KB), 3)} ms at 100 KB vs ${fmt(flushOf('ours', 1 * KB), 3)} ms at 1 KB: ${fmt(growth, 2)}×.`,
      limit:
        growth <= 1.5
          ? undefined
          : 'React reconciling ~30 block groups instead of a few, and a heap (DOM, tokens) a hundred times larger for the garbage collector.',
    },
  ],
};

const streamSection: Section = {
  title: 'Streaming a 100 KB answer at one flush per frame',
  intro:
    `The 100 KB answer grows by ${STREAM_BATCH} characters a flush (~100 tokens a frame: a fast model or a replay), ` +
    'one synchronous render per flush, then the final render (`streaming` false). Total: the sum of the render ' +
    `times, i.e. the main-thread time spent rendering. Ours: median of ${RUNS} runs; the others: one run (each takes seconds). ` +
    `react-markdown: every ${SAMPLE_EVERY}th flush rendered, the total their sum × ${SAMPLE_EVERY} ("rendered" column), as it keeps nothing between renders.`,
  table: {
    head: ['renderer', 'runs', 'flushes', 'rendered', 'total (ms)', 'longest flush (ms)', 'vs ours'],
    rows: contenders.map((contender) => [
      labels[contender],
      String(streams.get(contender)!.length),
      fmt(streams.get(contender)![0]!.flushes),
      fmt(streams.get(contender)![0]!.rendered),
      fmt(totalOf(contender)),
      fmt(median(streams.get(contender)!.map((s) => s.maxMs)), 1),
      ratio(totalOf(contender), totalOf('ours')),
    ]),
  },
  notes: ['The Chromium test (test/browser/markdown.test.ts) streams the same kind of answer through `<StreamingMessage render={renderMarkdown}>` and checks for long tasks.'],
  targets: [
    {
      name: 'g. streaming 100 KB costs ≥ 20× less main-thread time than react-markdown',
      met: speedup >= 20,
      detail: `${fmt(totalOf('react-markdown'))} ms vs ${fmt(totalOf('ours'))} ms: ${fmt(speedup, 1)}×.`,
      limit: speedup >= 20 ? undefined : 'the per-flush cost of React itself (reconciling the list of block components).',
    },
  ],
};

const parserSection: Section = {
  title: 'The parser: marked, micromark, markdown-it',
  intro:
    'Median time to parse the same answers (50 repeats, 10 at 100 KB), in milliseconds, and the min+gzip size of ' +
    'each parser bundled alone (esbuild, minified, gzip level 9).',
  table: {
    head: ['parser', '1 KB (ms)', '10 KB (ms)', '100 KB (ms)', 'min+gzip (B)', 'min+gzip'],
    rows: parserRows,
  },
  notes: [parserVerdict()],
};

/** Why marked, from the figures of this run. */
function parserVerdict(): string {
  const [marked, micro, mdit] = [...parserMs.values()].map((times) => times[2]!);
  const [markedSize, microSize, mditSize] = parserSizes;
  return (
    `At 100 KB marked lexes in ${fmt(marked!, 1)} ms, micromark takes ${ratio(micro!, marked!)} that and markdown-it ` +
    `${ratio(mdit!, marked!, 2)}; marked is ${bytes(markedSize!)} against ${bytes(microSize!)} and ${bytes(mditSize!)}. ` +
    'markdown-it alone is over the entry\'s 18 KB budget, micromark is slower by an order of magnitude and gives HTML ' +
    'or a flat event stream rather than tokens; marked gives block tokens whose `raw` says where each block starts, ' +
    'so the lexer can start again at the open block. Only its lexer runs (an incremental flush lexes the last two ' +
    'blocks, so its speed matters only for the final parse).'
  );
}

report([flushSection, streamSection, parserSection]);
