import type { Meta, StoryObj } from '@storybook/react-vite';
import { Profiler, useEffect, useRef, useState, type RefObject } from 'react';
import { useStreamingChat } from 'react-streaming-chat';
import { expect, waitFor, within } from 'storybook/test';
import { ChatState, Composer, MessageLog } from './support/ChatParts';
import { mockChatHandler } from './support/mockServer';
import { assistantMessage, expectStatus, sendMessage, shownText } from './support/play';
import { chatOptionsOf, playgroundArgs, playgroundArgTypes, type PlaygroundArgs } from './support/playgroundArgs';
import { manyTokens } from './support/replies';

interface BurstArgs extends PlaygroundArgs {
  /** Tokens per network chunk when the rate is 0. */
  tokensPerChunk: number;
}

const TOKENS = 10_000;
const tokens = manyTokens(TOKENS);

/**
 * A counter kept in a ref, shown as of the latest animation frame. A component of its own, so
 * showing the count does not re-render (and count as a commit of) the profiled tree.
 */
function FrameCount({ count }: { count: RefObject<number> }) {
  const [value, setValue] = useState(count.current);
  useEffect(() => {
    let frame = requestAnimationFrame(function tick() {
      setValue(count.current);
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [count]);
  return <>{value}</>;
}

function BurstDemo({ tokensPerChunk, ...args }: BurstArgs) {
  const chat = useStreamingChat({ api: '/api/chat', ...chatOptionsOf(args, tokensPerChunk) });
  const commits = useRef(0);
  const { stats, status } = chat;
  const send = (text: string) => {
    commits.current = 0;
    void chat.send(text);
  };
  return (
    <>
      <p>
        {TOKENS.toLocaleString('en')} tokens with no delay, {tokensPerChunk} per network chunk. However fast they
        arrive, the message list commits at most once per animation frame, moving up to <code>bufferSize</code>{' '}
        tokens each time.
      </p>
      <Composer onSend={send} chat={chat} />
      <dl className="pg-facts">
        <dt>React commits of the message list</dt>
        <dd data-testid="commits">
          <FrameCount count={commits} />
        </dd>
        <dt>Flushes</dt>
        <dd data-testid="flushes">{stats.flushes}</dd>
        <dt>Time</dt>
        <dd>
          {status === 'idle' ? '–' : `${Math.round(stats.elapsedMs)} ms`}
          {stats.timeToFirstTokenMs !== undefined && ` (first token after ${Math.round(stats.timeToFirstTokenMs)} ms)`}
        </dd>
        <dt>Tokens received</dt>
        <dd data-testid="tokens">{stats.tokensReceived}</dd>
        <dt>Network chunks</dt>
        <dd>{stats.chunks}</dd>
        <dt>Backpressure pauses</dt>
        <dd>
          {stats.backpressureWaits} ({Math.round(stats.backpressureMs)} ms)
        </dd>
      </dl>
      <ChatState chat={chat} />
      <Profiler id="message-list" onRender={() => void commits.current++}>
        <MessageLog label="Conversation" messages={chat.messages} />
      </Profiler>
    </>
  );
}

const meta = {
  title: 'Playground/Burst',
  args: { ...playgroundArgs, tokensPerSecond: 0, tokensPerChunk: 100 },
  argTypes: {
    ...playgroundArgTypes,
    tokensPerChunk: {
      name: 'Tokens per chunk (rate 0)',
      description: 'How many tokens the mock server puts in one network chunk when it is not throttled.',
      control: { type: 'range', min: 1, max: 1000, step: 1 },
    },
  },
  parameters: { msw: { handlers: [mockChatHandler('/api/chat', { tokens })] } },
  render: (args) => <BurstDemo {...args} />,
} satisfies Meta<BurstArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

/** 10,000 tokens as fast as they come: every one shown, in a bounded number of commits. */
export const TenThousandTokens: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await sendMessage(canvasElement, 'Burst');
    const message = await assistantMessage(canvasElement);
    await expectStatus(message, 'done');
    await expect(shownText(message)).toBe(tokens.join(''));
    await expect(canvas.getByTestId('tokens')).toHaveTextContent(String(TOKENS));
    // Commits follow flushes (plus the user message, the reply's start and end), not tokens.
    await waitFor(() => {
      const commits = Number(canvas.getByTestId('commits').textContent);
      const flushes = Number(canvas.getByTestId('flushes').textContent);
      expect(commits).toBeGreaterThan(0);
      expect(commits).toBeLessThanOrEqual(flushes + 4);
    });
  },
};
