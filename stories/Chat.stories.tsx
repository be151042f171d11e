import type { Meta, StoryObj } from '@storybook/react-vite';
import { StreamingChat } from 'react-streaming-chat';
import type { MockChatContext } from 'react-streaming-chat/msw';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { mockChatHandler } from './support/mockServer';
import { assistantMessage, expectGrowing, expectStatus, sendMessage, shownText, slow } from './support/play';
import { chatOptionsOf, playgroundArgs, playgroundArgTypes, type PlaygroundArgs } from './support/playgroundArgs';
import { essay } from './support/replies';

const replyFor = (question: string) => `You asked: “${question}”. ${essay}`;
const replyTo = ({ messages }: MockChatContext) => replyFor(messages.at(-1)?.content ?? '');

/** `<StreamingChat>`, the ready-made whole, against a mock model served by msw. */
const meta = {
  title: 'Playground/Chat',
  args: playgroundArgs,
  argTypes: playgroundArgTypes,
  parameters: { msw: { handlers: [mockChatHandler('/api/chat', { reply: replyTo })] } },
  render: (args) => <StreamingChat api="/api/chat" {...chatOptionsOf(args)} />,
} satisfies Meta<PlaygroundArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Type a message and watch the reply stream in, one commit per frame at most. */
export const Basic: Story = {
  play: async ({ canvasElement }) => {
    await sendMessage(canvasElement, 'How does streaming work?');
    const message = await assistantMessage(canvasElement);
    await expectGrowing(message);
    await expectStatus(message, 'done');
    await expect(shownText(message)).toBe(replyFor('How does streaming work?'));
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent('Response complete');
  },
};

/** Stop (or Escape) mid-stream: the request is aborted, the partial reply stays, marked "stopped". */
export const StopMidStream: Story = {
  args: { tokensPerSecond: 15 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await sendMessage(canvasElement, 'Tell me a long story');
    const message = await assistantMessage(canvasElement);
    await expectGrowing(message);
    await waitFor(() => expect(shownText(message).length).toBeGreaterThan(80), slow);
    await userEvent.click(canvas.getByRole('button', { name: 'Stop' }));

    await expectStatus(message, 'cancelled');
    await expect(within(message).getByText('stopped')).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent('Response stopped');
    await expect(canvas.getByRole('button', { name: 'Stop' })).toBeDisabled();
    const kept = shownText(message);
    await expect(kept.length).toBeGreaterThan(0);
    await expect(replyFor('Tell me a long story').startsWith(kept)).toBe(true);
    // Nothing arrives after the stop.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await waitFor(() => expect(shownText(message)).toBe(kept), slow);
  },
};
