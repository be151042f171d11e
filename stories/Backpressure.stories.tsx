import type { Meta, StoryObj } from '@storybook/react-vite';
import { useId, useState } from 'react';
import { useStreamingChat } from 'react-streaming-chat';
import { expect, waitFor, within } from 'storybook/test';
import { ChatState, Composer, MessageLog } from './support/ChatParts';
import { mockChatHandler } from './support/mockServer';
import { assistantMessage, expectGrowing, sendMessage, shownText, slow } from './support/play';
import { chatOptionsOf, playgroundArgs, playgroundArgTypes, type PlaygroundArgs } from './support/playgroundArgs';
import { manyTokens } from './support/replies';
import { useSlowRender } from './support/slowRender';
import { StatsPanel, useStatsSamples } from './support/StatsChart';

interface SlowConsumerArgs extends PlaygroundArgs {
  /** Where the render-cost slider starts. */
  renderCostMs: number;
  /** Tokens per network chunk when the rate is 0. */
  tokensPerChunk: number;
}

const tokens = manyTokens(3000);

function SlowConsumerDemo({ renderCostMs, tokensPerChunk, ...args }: SlowConsumerArgs) {
  const chat = useStreamingChat({ api: '/api/chat', ...chatOptionsOf(args, tokensPerChunk) });
  const [costMs, setCostMs] = useState(renderCostMs);
  const render = useSlowRender(costMs);
  const samples = useStatsSamples(chat.controller);
  const sliderId = useId();
  return (
    <>
      <p>
        Each render of the streaming message busy-waits for the render cost. The slower the
        renders, the more tokens arrive between two frames; once <code>bufferSize</code> of them
        wait, the client stops reading until the next frame has shown them.
      </p>
      <p>
        <label htmlFor={sliderId}>Render cost (ms per render) </label>
        <input
          id={sliderId}
          type="range"
          min={0}
          max={200}
          step={5}
          value={costMs}
          onChange={(event) => setCostMs(Number(event.target.value))}
        />{' '}
        <output htmlFor={sliderId}>{costMs} ms</output>
      </p>
      <MessageLog label="Conversation" messages={chat.messages} render={render} />
      <Composer onSend={chat.send} chat={chat} />
      <ChatState chat={chat} />
      <StatsPanel samples={samples} bufferSize={args.bufferSize} />
    </>
  );
}

const meta = {
  title: 'Playground/Backpressure',
  // The mock server runs on the page's main thread too, so a slow render slows it down as well:
  // unthrottled, with several tokens per chunk, it still outruns the renderer.
  args: { ...playgroundArgs, tokensPerSecond: 0, bufferSize: 50, renderCostMs: 60, tokensPerChunk: 30 },
  argTypes: {
    ...playgroundArgTypes,
    renderCostMs: {
      name: 'Initial render cost (ms)',
      description: 'Where the slider in the story starts.',
      control: { type: 'range', min: 0, max: 200, step: 5 },
    },
    tokensPerChunk: {
      name: 'Tokens per chunk (rate 0)',
      description: 'How many tokens the mock server puts in one network chunk when it is not throttled.',
      control: { type: 'range', min: 1, max: 200, step: 1 },
    },
  },
  parameters: { msw: { handlers: [mockChatHandler('/api/chat', { tokens })] } },
  render: (args) => <SlowConsumerDemo key={args.renderCostMs} {...args} />,
} satisfies Meta<SlowConsumerArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A slow renderer fills the render buffer; the reader pauses instead of reading ahead. */
export const SlowConsumer: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await sendMessage(canvasElement, 'Flood me');
    const message = await assistantMessage(canvasElement);
    await expectGrowing(message);
    await waitFor(() => expect(message).toHaveAttribute('data-status', 'done'), { timeout: 60_000 });
    await expect(shownText(message)).toBe(tokens.join(''));
    // The reader paused for the renderer at least once.
    const pauses = canvas.getByText(/^Pauses:/);
    await waitFor(() => expect(Number(pauses.querySelector('strong')?.textContent)).toBeGreaterThan(0), slow);
    await expect(canvas.getByRole('img', { name: /Render buffer fill/ })).toBeVisible();
  },
};
