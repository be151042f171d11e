import type { Meta, StoryObj } from '@storybook/react-vite';
import type { WireProtocol } from 'react-streaming-chat/msw';
import { expect, waitFor, within } from 'storybook/test';
import { mockChatHandler } from './support/mockServer';
import { PartsChat } from './support/PartsChat';
import { flightIntro, thinkingThenTool, toolsAndReasoning, weatherAnswer } from './support/partReplies';
import { assistantMessage, expectStatus, slow } from './support/play';
import { chatOptionsOf, playgroundArgs, playgroundArgTypes, type PlaygroundArgs } from './support/playgroundArgs';

type PartsArgs = Omit<PlaygroundArgs, 'protocol'>;
type Story = StoryObj<PartsArgs>;
const { protocol: _protocol, ...argTypes } = playgroundArgTypes;
const { protocol: _default, ...args } = playgroundArgs;

/** A story whose mock model streams `parts` in `wire`, read by the matching client decoder. */
function partsStory(wire: WireProtocol, parts: typeof toolsAndReasoning, suggestion: string): Story {
  return {
    parameters: { msw: { handlers: [mockChatHandler('/api/chat', { parts })] } },
    render: (args) => <PartsChat options={{ api: '/api/chat', ...chatOptionsOf({ ...args, protocol: wire }) }} suggestion={suggestion} />,
  };
}

/** Sends the suggested message and returns the reply, once it has streamed to its end. */
async function sendAndFinish(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  const send = canvas.getByRole('button', { name: 'Send' });
  send.click();
  const message = await assistantMessage(canvas.getByRole('log', { name: 'Conversation' }));
  return { canvas, message };
}

/** The tool card of `name` inside `message`. */
function toolCard(message: HTMLElement, name: string): HTMLElement {
  const card = within(message).getByText(name).closest<HTMLElement>('.rsc-tool');
  if (!card) throw new Error(`no tool card for ${name}`);
  return card;
}

/**
 * Structured replies: reasoning, tool calls whose input streams in, tool results, sources and
 * app data, rendered by `StreamingMessage` from `message.parts`.
 */
const meta = {
  title: 'Playground/Parts',
  args,
  argTypes,
} satisfies Meta<PartsArgs>;

export default meta;

/**
 * The AI SDK's UI message stream (`protocol: aiSdk()`): reasoning, a tool call and its output, a
 * tool that fails, the answer, sources; the usage data part is the app's and shows nothing.
 */
export const ToolsAndReasoning: Story = {
  name: 'Tools and reasoning',
  ...partsStory('ai-sdk', toolsAndReasoning, 'What is the weather in Paris this week?'),
  play: async ({ canvasElement }) => {
    const { canvas, message } = await sendAndFinish(canvasElement);
    // While the model thinks, its reasoning is open; it closes once the answer moves on.
    await waitFor(() => expect(within(message).getByText('Reasoning').closest('details')).toHaveAttribute('open'), slow);
    await expectStatus(message, 'done');
    await expect(within(message).getByText('Reasoning').closest('details')).not.toHaveAttribute('open');

    const weather = toolCard(message, 'get_weather');
    await expect(weather).toHaveAttribute('data-state', 'output-available');
    await expect(within(weather).getByText('{"city":"Paris"}')).toBeVisible();
    await expect(within(weather).getByText(/partly cloudy/)).toBeVisible();
    const forecast = toolCard(message, 'get_forecast');
    await expect(forecast).toHaveAttribute('data-state', 'output-error');
    await expect(within(forecast).getByText('Forecast service timed out after 10 s')).toBeVisible();

    await expect(message).toHaveTextContent(weatherAnswer);
    await expect(within(message).getByRole('link', { name: 'Paris · Weather service' })).toHaveAttribute(
      'href',
      'https://weather.example/paris',
    );
    await expect(message).not.toHaveTextContent('812');
    await expect(canvas.getByTestId('parts')).toHaveTextContent(
      'reasoning, tool get_weather (output-available), tool get_forecast (output-error), text, source, source, data',
    );
    // Every scripted chunk arrived (the wire adds a few of its own: text-start, text-end).
    await expect(Number(canvas.getByTestId('chunks').textContent!.replace(/,/g, ''))).toBeGreaterThanOrEqual(
      toolsAndReasoning.length,
    );
  },
};

/**
 * The OpenAI Responses API's events (`protocol: openaiResponses()`): a reasoning summary, text, and
 * a function call whose arguments stream in. The app runs the tool and sends its result back.
 */
export const OpenAIResponses: Story = {
  name: 'OpenAI Responses',
  ...partsStory('openai-responses', thinkingThenTool, 'Find me the cheapest flight to Lisbon on Friday.'),
  play: async ({ canvasElement }) => {
    const { canvas, message } = await sendAndFinish(canvasElement);
    const card = await waitFor(() => toolCard(message, 'search_flights'), slow);
    await expectStatus(message, 'done');
    await expect(card).toHaveAttribute('data-state', 'input-available');
    await expect(JSON.parse(card.querySelector('dd')!.textContent!)).toEqual({
      from: 'CDG',
      to: 'LIS',
      date: '2026-12-04',
      sort: 'price',
    });
    await expect(within(message).getByText('Reasoning').tagName).toBe('SUMMARY');
    await expect(message).toHaveTextContent(flightIntro);
    await expect(canvas.getByTestId('parts')).toHaveTextContent('reasoning, text, tool search_flights (input-available)');
  },
};

/**
 * Anthropic's Messages API events (`protocol: anthropic()`): a thinking block, a text block and a
 * `tool_use` block whose `input_json_delta`s stream the input.
 */
export const AnthropicThinkingAndTools: Story = {
  name: 'Anthropic thinking and tools',
  ...partsStory('anthropic', thinkingThenTool, 'Find me the cheapest flight to Lisbon on Friday.'),
  play: async ({ canvasElement }) => {
    const { canvas, message } = await sendAndFinish(canvasElement);
    await expectStatus(message, 'done');
    const card = toolCard(message, 'search_flights');
    await expect(card).toHaveAttribute('data-state', 'input-available');
    await expect(within(card).getByText('Running')).toBeVisible();
    await expect(within(message).getByText(/cheapest flight from Paris to Lisbon/)).toBeInTheDocument();
    await expect(message).toHaveTextContent(flightIntro);
    await expect(canvas.getByTestId('parts')).toHaveTextContent('reasoning, text, tool search_flights (input-available)');
    await expect(canvas.getByRole('button', { name: 'Stop' })).toBeDisabled();
  },
};
