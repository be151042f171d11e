import type { Meta, StoryObj } from '@storybook/react-vite';
import { Profiler, useEffect, useState, type ProfilerOnRenderCallback, type ReactNode } from 'react';
import { StreamingChat, type ChatMessage } from 'react-streaming-chat';
import { renderMarkdown } from 'react-streaming-chat/markdown';
import { expect, waitFor, within } from 'storybook/test';
import { mockChatHandler } from './support/mockServer';
import { assistantMessage, expectGrowing, expectStatus, sendMessage, shownText } from './support/play';
import { chatOptionsOf, playgroundArgs, playgroundArgTypes, type PlaygroundArgs } from './support/playgroundArgs';

/** Markdown for the model's replies (`renderMarkdown`), plain text for what the user typed. */
const renderMessage = (content: string, message: ChatMessage): ReactNode =>
  message.role === 'assistant' ? renderMarkdown(content, message) : content;

const markdownReply = [
  'Here is how the kit keeps a stream **bounded**:',
  '',
  '1. The reader pulls bytes with `reader.read()`.',
  '2. Tokens wait in a buffer of `bufferSize`.',
  '3. One flush per animation frame moves them to the screen.',
  '',
  'What you get:',
  '',
  '- **Nothing lost**: every token ends up in the message.',
  '- **Cancellation**: Stop aborts the request.',
  '- Markup from the model, like <img src=x onerror="alert(1)">, stays text.',
  '',
  '```ts',
  "const chat = useStreamingChat({ api: '/api/chat' });",
  '```',
  '',
  'That is all.',
].join('\n');

/** One section of a long, realistic answer: headings, lists, a table, code, nested emphasis. */
const section = (n: number) =>
  [
    `## Part ${n}: tuning the ${['cache', 'queue', 'index', 'pool'][n % 4]}`,
    '',
    `Step ${n} changes **one setting at a time**, so each *measurement (and the **reason** for it)* stays readable. ` +
      `See [the notes](https://example.com/notes/${n}) and keep \`limit_${n}\` under ~~100~~ 80.`,
    '',
    `1. Measure the baseline with \`bench --part ${n}\`.`,
    '2. Change the setting:',
    '   - raise it by **10 %**,',
    '   - or lower it by *5 %*.',
    '3. Measure again.',
    '',
    '| setting | before | after |',
    '| :-- | --: | --: |',
    `| size | ${n * 8} MB | ${n * 8 + 16} MB |`,
    `| p99 | ${40 + (n % 7)} ms | ${31 + (n % 5)} ms |`,
    '',
    '```ts',
    `export const part${n} = { size: ${n * 8}, retries: ${n % 3} };`,
    '```',
    '',
    `- [x] part ${n} measured`,
    `- [ ] part ${n} reviewed`,
    '',
    `> **Note:** results for part ${n} hold only on the same machine.`,
    '',
    `Why part ${n} matters: the setting trades memory for latency, and the right value depends on the ` +
      'traffic you see rather than on a rule of thumb. Measure with production-like data, change one ' +
      'thing at a time, and write down what you changed and why, so the next person can tell a real ' +
      'improvement from noise. When two runs disagree, run both again before you trust either of them; ' +
      'a busy machine, a cold cache or a background job can move a figure by more than the change you made.',
    '',
  ].join('\n');

/** About 100 KB of markdown. */
const longReply = (() => {
  let text = 'A long answer, in parts.\n\n';
  for (let n = 1; text.length < 100 * 1024; n++) text += section(n);
  return text;
})();

// Render time of each commit of the answer's markdown (from <Profiler>, whose timing the
// playground's profiling build of react-dom keeps), for the live readout.
const flushTimes: number[] = [];
const recordFlush: ProfilerOnRenderCallback = (_id, _phase, actualDuration) => void flushTimes.push(actualDuration);

const renderTimed = (content: string, message: ChatMessage): ReactNode =>
  message.role === 'assistant' ? (
    <Profiler id="answer" onRender={recordFlush}>
      {renderMarkdown(content, message)}
    </Profiler>
  ) : (
    content
  );

const ms = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(2)} ms`);

/** The per-flush render time, read four times a second. */
function FlushReadout() {
  const [times, setTimes] = useState<number[]>([]);
  useEffect(() => {
    flushTimes.length = 0;
    const timer = setInterval(() => setTimes((shown) => (shown.length === flushTimes.length ? shown : [...flushTimes])), 250);
    return () => clearInterval(timer);
  }, []);
  const sorted = [...times].sort((a, b) => a - b);
  return (
    <>
      <p>Markdown render time per flush</p>
      <dl className="pg-facts">
        <dt>Flushes rendered</dt>
        <dd data-testid="flushes">{times.length}</dd>
        <dt>Last flush</dt>
        <dd data-testid="last-flush">{ms(times.at(-1))}</dd>
        <dt>Median flush</dt>
        <dd data-testid="median-flush">{ms(sorted[sorted.length >> 1])}</dd>
        <dt>Slowest flush</dt>
        <dd data-testid="slowest-flush">{ms(sorted.at(-1))}</dd>
      </dl>
    </>
  );
}

// Spacing for the rendered markdown; code wraps rather than scrolls (a scrolling region would
// need to be focusable).
const css =
  '.rsc-markdown>*,.rsc-markdown li>*{margin:.35rem 0}.rsc-markdown pre{background:#f3f3f3;padding:.5rem;white-space:pre-wrap}' +
  '.rsc-markdown table{border-collapse:collapse}.rsc-markdown th,.rsc-markdown td{border:1px solid #c4c4c4;padding:.15rem .5rem}' +
  '.rsc-markdown blockquote{border-left:3px solid #c4c4c4;margin-left:0;padding-left:.75rem}.rsc-markdown li.task-list-item{list-style:none}';

const markdownStyle = (
  <style href="pg-markdown" precedence="default">
    {css}
  </style>
);

const meta = {
  title: 'Playground/Markdown',
  args: { ...playgroundArgs, tokensPerSecond: 60 },
  argTypes: playgroundArgTypes,
  parameters: { msw: { handlers: [mockChatHandler('/api/chat', { reply: markdownReply })] } },
  render: (args) => (
    <>
      {markdownStyle}
      <StreamingChat api="/api/chat" render={renderMessage} {...chatOptionsOf(args)} />
    </>
  ),
} satisfies Meta<PlaygroundArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

/** `render={renderMarkdown}` turns the streamed text into lists, bold and code as it arrives. */
export const MarkdownRender: Story = {
  play: async ({ canvasElement }) => {
    await sendMessage(canvasElement, 'Explain the buffer');
    const message = await assistantMessage(canvasElement);
    await expectGrowing(message);
    await expectStatus(message, 'done');
    const shown = within(message);
    await expect(shown.getAllByRole('listitem')).toHaveLength(6);
    await expect(shown.getByText('bounded').tagName).toBe('STRONG');
    await expect(shown.getByText('reader.read()').tagName).toBe('CODE');
    await expect(message.querySelector('pre > code.language-ts')).not.toBeNull();
    await expect(message.querySelector('img')).toBeNull();
    await expect(shown.getByText(/<img src=x/)).toBeVisible();
  },
};

/**
 * About 100 KB of markdown (tables, code, nested lists, task lists), as fast as the client reads.
 * The readout shows what each flush costs to render: it stays flat as the answer grows,
 * because only the last blocks are parsed and rendered again.
 */
export const Markdown100KbAnswer: Story = {
  name: 'Markdown, 100 KB answer',
  // As fast as the client reads, 20 tokens a chunk: the answer takes a few seconds, not minutes.
  args: { tokensPerSecond: 0 },
  parameters: { msw: { handlers: [mockChatHandler('/api/chat', { reply: longReply })] } },
  render: (args) => (
    <>
      {markdownStyle}
      <FlushReadout />
      <StreamingChat api="/api/chat" render={renderTimed} {...chatOptionsOf(args, 20)} />
    </>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await sendMessage(canvasElement, 'Write a long answer');
    const message = await assistantMessage(canvasElement);
    await expectGrowing(message);
    await waitFor(() => expect(message).toHaveAttribute('data-status', 'done'), { timeout: 80_000 });
    // One table and one code block per part of the answer, all rendered.
    const parts = longReply.split('## Part ').length - 1;
    await expect(message.querySelectorAll('table')).toHaveLength(parts);
    await expect(message.querySelectorAll('pre > code.language-ts')).toHaveLength(parts);
    // No raw markers: every `**`, `*`, `~~` and backtick became formatting.
    await expect(shownText(message)).not.toMatch(/\*|~~|`/);
    await waitFor(() => expect(Number(canvas.getByTestId('flushes').textContent)).toBeGreaterThan(10));
    await expect(canvas.getByTestId('median-flush').textContent).toMatch(/^\d+\.\d\d ms$/);
  },
};
