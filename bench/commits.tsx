/**
 * a. Commits and wall time: one reply of 1k or 10k tokens, as one burst or one token per chunk,
 * into each chat hook, in jsdom with React's production (profiling) build.
 */
import { contenderLabels, runChat, type ChatRunResult, type Contender } from './support/chatApps';
import { measureFrameRate } from './support/dom';
import { progress, report, type Section } from './support/report';
import { startServer, type Mode } from './support/server';
import { fmt, median, ratio, settle } from './support/stats';

const RUNS = 5;
const contenders: Contender[] = ['ours', 'naive', 'ai-sdk', 'ai-sdk-throttle-50'];
const replays: { tokens: number; mode: Mode }[] = [
  { tokens: 1000, mode: 'burst' },
  { tokens: 1000, mode: 'token' },
  { tokens: 10000, mode: 'burst' },
  { tokens: 10000, mode: 'token' },
];
const sweepSizes = [10, 100, 1000];

const replayLabel = ({ tokens, mode }: { tokens: number; mode: Mode }) =>
  `${tokens / 1000}k tokens, ${mode === 'burst' ? 'one burst' : 'one per chunk'}`;

// In this process: the server writes one frame per event-loop turn, so a client that reads on
// every turn gets one token per read; one that stops reading (backpressure) finds them coalesced.
const server = await startServer();
const frameRate = await measureFrameRate();
progress(`jsdom requestAnimationFrame: ${fmt(frameRate, 1)} Hz`);

// Warm-up: JIT and connection pool, not measured.
for (const contender of contenders) await runChat({ contender, server: server.url, tokens: 1000, mode: 'token' });

type Key = string;
const results = new Map<Key, ChatRunResult[]>();
const record = (key: Key, result: ChatRunResult) => results.set(key, [...(results.get(key) ?? []), result]);
const keyOf = (contender: Contender, replay: (typeof replays)[number], bufferSize?: number) =>
  `${contender}|${replay.tokens}|${replay.mode}|${bufferSize ?? ''}`;

// Runs are interleaved (run 1 of everything, then run 2…), so drift hits every contender alike.
for (let run = 1; run <= RUNS; run++) {
  progress(`run ${run}/${RUNS}`);
  for (const replay of replays) {
    for (const contender of contenders) {
      record(keyOf(contender, replay), await runChat({ contender, server: server.url, ...replay }));
      await settle();
    }
    for (const bufferSize of sweepSizes.filter((size) => size !== 100)) {
      record(keyOf('ours', replay, bufferSize), await runChat({ contender: 'ours', server: server.url, ...replay, bufferSize }));
      await settle();
    }
  }
}
await server.close();

const med = (key: Key, pick: (r: ChatRunResult) => number) => median(results.get(key)!.map(pick));
const allExact = (key: Key) => results.get(key)!.every((r) => r.ok);

const main: Section = {
  title: 'Commits and wall time, no render cost',
  intro:
    `Median of ${RUNS} runs each (interleaved, after one warm-up run per hook). Wall time: from \`send\` to the commit ` +
    'that shows the whole reply. Commits: `<Profiler onRender>` calls of the memoized subtree that renders the ' +
    'reply (it renders only when the text changes). Reads: chunks the hook pulled from the body.',
  table: {
    head: ['replay', 'hook', 'commits', 'wall (ms)', 'wall vs ours', 'commits vs ours', 'reads', 'exact'],
    align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'],
    rows: replays.flatMap((replay) => {
      const ours = keyOf('ours', replay);
      return contenders.map((contender) => {
        const key = keyOf(contender, replay);
        return [
          replayLabel(replay),
          contenderLabels[contender],
          fmt(med(key, (r) => r.commits)),
          fmt(med(key, (r) => r.wallMs), 1),
          ratio(med(key, (r) => r.wallMs), med(ours, (r) => r.wallMs)),
          ratio(med(key, (r) => r.commits), med(ours, (r) => r.commits)),
          fmt(med(key, (r) => r.chunks)),
          allExact(key) ? 'yes' : '**no**',
        ];
      });
    }),
  },
  notes: [
    `React in jsdom (\`new JSDOM('', { pretendToBeVisual: true })\`): requestAnimationFrame is a 1000/60 ms ` +
      `\`setInterval\` that jsdom starts when a callback waits; measured here at ${fmt(frameRate, 1)} Hz. It is not ` +
      'aligned to a vsync clock, so a frame requested mid-interval waits a full ~16.7 ms (a browser would average ~8 ms).',
    'React DOM\'s profiling build (`react-dom/profiling`, production React with `<Profiler>` kept), `NODE_ENV=production`.',
    'The server (node:http on 127.0.0.1, same process) serves each hook its own protocol: this kit\'s SSE to ours and ' +
      'the naive hook (14 bytes a token), the AI SDK UI message stream (55 bytes a token) to `useChat`. ' +
      '"One burst": the whole body in one `res.end`. "One per chunk": one `res.write` per token, one event-loop turn ' +
      'apart, so a hook that reads on every turn gets one token per read; ours stops reading while its buffer is ' +
      'full, and then finds the next tokens coalesced into one larger chunk (hence fewer reads).',
    'Every hook renders the reply through the same memoized `<Profiler>` + message component (not ' +
      '`<StreamingMessage>`), so only the hooks differ. ' +
      'Ours: `useStreamingChat` with its defaults (bufferSize 100, protocol auto). Naive: `fetch`, `getReader()`, split ' +
      'SSE frames, `setContent(c => c + token)` per token (React 19 batches the calls made in one task). AI SDK: ' +
      '`useChat({ transport: new DefaultChatTransport({ api, fetch }) })`, with and without `experimental_throttle: 50`.',
  ],
};

// SPEC guarantee 3: at most one commit per animation frame, plus the final flush when the body ends.
const frameMs = 1000 / 60;
const oursRuns = replays.flatMap((replay) => results.get(keyOf('ours', replay))!);
const overBudget = oursRuns.filter((r) => r.commits > Math.floor(r.wallMs / frameMs) + 2);
const burstCommits = med(keyOf('ours', replays[2]!), (r) => r.commits);
const speeds = replays.map((replay) => {
  const wall = (contender: Contender) => med(keyOf(contender, replay), (r) => r.wallMs);
  return { label: replayLabel(replay), ours: wall('ours'), throttled: wall('ai-sdk-throttle-50'), naive: wall('naive') };
});
const slow = speeds.filter((s) => s.ours > s.throttled || s.ours > 2 * s.naive);
main.targets = [
  {
    name: 'a. ours no slower than `useChat` with `experimental_throttle: 50`, and within 2× of the naive hook',
    met: slow.length === 0,
    detail: `${speeds
      .map((s) => `${s.label}: ours ${fmt(s.ours, 1)} ms, throttled useChat ${fmt(s.throttled, 1)} ms (${ratio(s.ours, s.throttled, 2)}), naive ${fmt(s.naive, 1)} ms (${ratio(s.ours, s.naive, 2)})`)
      .join('; ')}.`,
    limit: slow.length
      ? `missed on ${slow.map((s) => s.label).join(', ')}: one commit per animation frame (~16.7 ms in jsdom, not aligned to the reads) against hooks that commit as soon as React can.`
      : undefined,
  },
  {
    name: 'a. ours: at most one commit per animation frame (SPEC guarantee 3)',
    met: overBudget.length === 0,
    detail:
      `in all ${oursRuns.length} runs of the table, commits ≤ wall time ÷ 16.7 ms + 2 (one frame in progress, ` +
      `one final flush at the end of the body)${overBudget.length ? `; ${overBudget.length} runs over` : ''}; ` +
      `the 10k one-per-chunk replay: ${fmt(med(keyOf('ours', replays[3]!), (r) => r.commits))} commits in ` +
      `${fmt(med(keyOf('ours', replays[3]!), (r) => r.wallMs))} ms, against ` +
      `${fmt(med(keyOf('ai-sdk', replays[3]!), (r) => r.commits))} for \`useChat\`.`,
    limit: overBudget.length ? 'a flush outside the frame scheduler (see StreamSession.#flush callers).' : undefined,
  },
  {
    name: 'a. a 10k-token burst in at most 5 commits',
    met: burstCommits <= 5,
    detail: `ours: ${fmt(burstCommits)} commits (median) for 10,000 tokens in one burst.`,
    limit: burstCommits <= 5 ? undefined : 'more than one flush per frame during a burst (see streamSession.ts flush).',
  },
];

const sweep: Section = {
  title: 'Ours at several bufferSize values',
  intro:
    `Median of ${RUNS} runs. One flush per frame, and a read loop that stops while the render budget's worth of ` +
    'tokens wait. The budget starts at `bufferSize` and doubles after each frame it limited whose commit fitted well ' +
    'in the frame (SPEC guarantee 2), so bufferSize sets where it starts, not how fast the kit can go: a fixed budget ' +
    'would show at most bufferSize × 60 Hz tokens a second with one token per read ("fixed-budget floor"). One network ' +
    'chunk may carry the buffer past the budget (those tokens are kept).',
  table: {
    head: ['replay', 'bufferSize', 'wall (ms)', 'commits', 'reads', 'tokens per commit', 'budget at the end', 'fixed-budget floor at 1 token per read (ms)'],
    rows: replays.flatMap((replay) =>
      sweepSizes.map((bufferSize) => {
        const key = bufferSize === 100 ? keyOf('ours', replay) : keyOf('ours', replay, bufferSize);
        const commits = med(key, (r) => r.commits);
        return [
          replayLabel(replay),
          bufferSize === 100 ? '100 (default)' : String(bufferSize),
          fmt(med(key, (r) => r.wallMs), 1),
          fmt(commits),
          fmt(med(key, (r) => r.chunks)),
          fmt(replay.tokens / commits),
          fmt(med(key, (r) => r.renderBudget)),
          fmt((replay.tokens / (bufferSize * 60)) * 1000),
        ];
      }),
    ),
  },
  notes: ['bufferSize 100 rows are the "ours" runs of the table above.'],
};

report([main, sweep]);
