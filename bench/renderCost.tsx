/**
 * b. A message component that costs 5 ms per render: total time, commits, and the largest
 * read-ahead (bytes pulled from the body but not yet committed to the DOM).
 */
import { contenderLabels, runChat, type ChatRunResult, type Contender } from './support/chatApps';
import { progress, report, type Section } from './support/report';
import { startServerThread } from './support/serverThread';
import { bytes, fmt, median, ratio, settle } from './support/stats';

const RUNS = 5;
// useChat without throttle takes ~2,000 × (5 ms + its own cost) a run; 3 runs keep the bench short.
const runsOf = (contender: Contender) => (contender === 'ai-sdk' ? 3 : RUNS);
const TOKENS = 2000;
const RENDER_COST_MS = 5;
const BUFFER_SIZE = 100; // the default
const contenders: Contender[] = ['ours', 'ai-sdk', 'ai-sdk-throttle-50', 'naive'];

// The server on its own thread keeps writing while this thread renders, as a real one would.
const server = await startServerThread();
for (const contender of contenders) {
  await runChat({ contender, server: server.url, tokens: 200, mode: 'token', renderCostMs: RENDER_COST_MS });
}

const results = new Map<Contender, ChatRunResult[]>();
for (let run = 1; run <= RUNS; run++) {
  progress(`run ${run}/${RUNS}`);
  for (const contender of contenders.filter((c) => run <= runsOf(c))) {
    const result = await runChat({ contender, server: server.url, tokens: TOKENS, mode: 'token', renderCostMs: RENDER_COST_MS });
    results.set(contender, [...(results.get(contender) ?? []), result]);
    await settle();
  }
}
await server.close();

const med = (contender: Contender, pick: (r: ChatRunResult) => number) => median(results.get(contender)!.map(pick));
const max = (contender: Contender, pick: (r: ChatRunResult) => number) => Math.max(...results.get(contender)!.map(pick));
const oursMs = med('ours', (r) => r.wallMs);
const aiSdkMs = med('ai-sdk', (r) => r.wallMs);

// Bounded: at every pull, what is off screen stays under the budget (it starts at bufferSize and
// adapts; the largest any commit saw) plus the chunk just read.
const ours = results.get('ours')!;
const boundOf = (r: ChatRunResult) => Math.max(BUFFER_SIZE, r.maxRenderBudget) * r.tokenBytes + r.maxChunkBytes;
const worst = ours.reduce((a, b) => (a.maxReadAheadBytes - boundOf(a) >= b.maxReadAheadBytes - boundOf(b) ? a : b));
const bound = boundOf(worst);
const bounded = ours.every((r) => r.maxReadAheadBytes <= boundOf(r));
const speedup = aiSdkMs / oursMs;
const throttledMs = med('ai-sdk-throttle-50', (r) => r.wallMs);
const naiveMs = med('naive', (r) => r.wallMs);
const fast = oursMs <= throttledMs && oursMs <= 2 * naiveMs;

const section: Section = {
  title: `${fmt(TOKENS)} tokens, one per write, ${RENDER_COST_MS} ms per render`,
  intro:
    `Median of the runs in the "runs" column (max for the read-ahead columns; runs interleaved). The message component busy-waits ${RENDER_COST_MS} ms in ` +
    'every render. Read-ahead: at each pull from the body (a counting wrapper around `fetch`), the bytes pulled ' +
    'minus the wire bytes of the tokens committed to the DOM so far (content length at the last commit ÷ 6 chars ' +
    'a token × bytes a token on that hook\'s wire).',
  table: {
    head: ['hook', 'runs', 'total (ms)', 'vs ours', 'commits', 'max read-ahead', 'in tokens', 'largest read', 'reads', 'budget (max)', 'exact'],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    rows: contenders.map((contender) => [
      contenderLabels[contender],
      String(results.get(contender)!.length),
      fmt(med(contender, (r) => r.wallMs)),
      ratio(med(contender, (r) => r.wallMs), oursMs),
      fmt(med(contender, (r) => r.commits)),
      bytes(max(contender, (r) => r.maxReadAheadBytes)),
      fmt(max(contender, (r) => r.maxReadAheadTokens)),
      bytes(max(contender, (r) => r.maxChunkBytes)),
      fmt(med(contender, (r) => r.chunks)),
      contender === 'ours' ? fmt(max(contender, (r) => r.maxRenderBudget)) : '',
      results.get(contender)!.every((r) => r.ok) ? 'yes' : '**no**',
    ]),
  },
  notes: [
    'The server (node:http on 127.0.0.1) runs on its own worker thread: one `res.write` per token, one event-loop ' +
      'turn apart, waiting for `drain` when TCP is full. It keeps producing while the client thread is busy ' +
      'rendering, so what a hook pulls arrives in chunks as large as the client let pile up ("largest read").',
    'Ours: bufferSize 100 (default), the render budget\'s floor; the read loop does not call `reader.read()` while the ' +
      'budget\'s worth of tokens wait for a frame (the budget doubles after a frame whose commit fitted, see f). ' +
      'The AI SDK pipes the body through TextDecoderStream → EventSourceParserStream → JSON parse; each transform ' +
      'holds what one chunk decoded to, so without throttle it reads about one chunk ahead of the screen and renders ' +
      'every token; with `experimental_throttle: 50` it renders every 50 ms and keeps reading meanwhile.',
    'Naive (no throttle, no backpressure): one commit per read, React 19 batching the tokens of one task.',
  ],
  targets: [
    {
      name: 'b. ours ≥ 50× faster than `useChat` (default) with a 5 ms render',
      met: speedup >= 50,
      detail: `${fmt(aiSdkMs)} ms vs ${fmt(oursMs)} ms: ${fmt(speedup, 1)}× (${fmt(med('ai-sdk', (r) => r.commits))} commits vs ${fmt(med('ours', (r) => r.commits))}).`,
      limit:
        speedup >= 50
          ? undefined
          : `one flush per animation frame: ${fmt(med('ours', (r) => r.commits))} commits × ~17 ms (jsdom's rAF interval) ` +
            `is ~${fmt(med('ours', (r) => r.commits) * 17)} ms whatever the render costs, while the AI SDK's time is ` +
            `${fmt(TOKENS)} × (${RENDER_COST_MS} ms + its per-token cost).`,
    },
    {
      name: 'b. ours no slower than `useChat` with `experimental_throttle: 50`, and within 2× of the naive hook',
      met: fast,
      detail:
        `ours ${fmt(oursMs)} ms, throttled useChat ${fmt(throttledMs)} ms (${ratio(oursMs, throttledMs, 2)}), ` +
        `naive ${fmt(naiveMs)} ms (${ratio(oursMs, naiveMs, 2)}), medians of the same run.`,
      limit: fast ? undefined : 'one commit per animation frame (~16.7 ms in jsdom) while the naive hook commits as soon as React can.',
    },
    {
      name: 'b. ours reads ahead less than its render budget in tokens + one chunk',
      met: bounded,
      detail:
        `worst run: ${bytes(worst.maxReadAheadBytes)} (${fmt(worst.maxReadAheadTokens)} tokens) ahead of the screen; ` +
        `bound: the largest budget it showed, ${fmt(Math.max(BUFFER_SIZE, worst.maxRenderBudget))} tokens (floor ${BUFFER_SIZE}) × ` +
        `${worst.tokenBytes} B + largest read ${bytes(worst.maxChunkBytes)} = ${bytes(bound)}.`,
      limit: bounded ? undefined : 'the read loop pulled while the render buffer was full (see StreamSession.#read).',
    },
  ],
};

report([section]);
