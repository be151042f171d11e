import type { MockReplyChunk } from 'react-streaming-chat/msw';

// Scripted structured replies for the parts stories: what a model with tools would stream, as
// chunks of the AI SDK UI message stream vocabulary. The mock server writes them in each wire's
// own shape (what a wire cannot carry, e.g. a provider's tool results, is left out).

/** Word-sized deltas, spaces kept, as models stream them. */
const words = (text: string) => text.match(/\S+\s*/g) ?? [];

function reasoning(id: string, text: string): MockReplyChunk[] {
  return [
    { type: 'reasoning-start', id },
    ...words(text).map((delta): MockReplyChunk => ({ type: 'reasoning-delta', id, delta })),
    { type: 'reasoning-end', id },
  ];
}

/** A tool call whose input JSON streams in small pieces, then completes. */
function toolCall(toolCallId: string, toolName: string, input: unknown): MockReplyChunk[] {
  const json = JSON.stringify(input);
  const pieces = json.match(/[\s\S]{1,6}/g) ?? [];
  return [
    { type: 'tool-input-start', toolCallId, toolName },
    ...pieces.map((inputTextDelta): MockReplyChunk => ({ type: 'tool-input-delta', toolCallId, inputTextDelta })),
    { type: 'tool-input-available', toolCallId, toolName, input },
  ];
}

export const weatherAnswer =
  'It is 18 °C and partly cloudy in Paris, with a light westerly breeze. The forecast service did not answer, ' +
  'so pack a compact umbrella to be safe: spring showers are common.';

/** Reasoning, a tool call with its output, one that fails, the answer, two sources, usage data. */
export const toolsAndReasoning: MockReplyChunk[] = [
  ...reasoning('r1', 'The user asks about today and the week ahead: the current weather, then a forecast. Two tools.'),
  ...toolCall('call_1', 'get_weather', { city: 'Paris' }),
  { type: 'tool-output-available', toolCallId: 'call_1', output: { temperature: 18, unit: 'C', sky: 'partly cloudy' } },
  ...toolCall('call_2', 'get_forecast', { city: 'Paris', days: 7 }),
  { type: 'tool-output-error', toolCallId: 'call_2', errorText: 'Forecast service timed out after 10 s' },
  ...words(weatherAnswer),
  { type: 'source-url', sourceId: 's1', url: 'https://weather.example/paris', title: 'Paris · Weather service' },
  { type: 'source-url', sourceId: 's2', url: 'https://climate.example/europe/spring', title: 'Spring showers in Western Europe' },
  { type: 'data-usage', data: { inputTokens: 812, outputTokens: 164 } },
];

export const flightIntro = 'I will look up the flights first, then compare them.';

/** What a provider (OpenAI Responses, Anthropic) streams before the app runs the tool: thinking, words, a call. */
export const thinkingThenTool: MockReplyChunk[] = [
  ...reasoning('r1', 'The user wants the cheapest flight from Paris to Lisbon on Friday. I need the flight search tool.'),
  ...words(flightIntro),
  ...toolCall('call_flights', 'search_flights', { from: 'CDG', to: 'LIS', date: '2026-12-04', sort: 'price' }),
];
