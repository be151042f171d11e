// app/api/chat/route.ts: an AI SDK backend, as the AI SDK's docs write it.
import { convertToModelMessages, stepCountIs, streamText, tool, type UIMessage } from 'ai';
import { z } from 'zod';

export async function POST(req: Request): Promise<Response> {
  const { messages }: { messages: UIMessage[] } = await req.json();
  const result = streamText({
    model: 'openai/gpt-5-mini', // an AI Gateway id, or any provider's model: openai('gpt-5-mini')
    messages: await convertToModelMessages(messages),
    tools: {
      weather: tool({
        description: 'The current weather in a city',
        inputSchema: z.object({ city: z.string() }),
        execute: async ({ city }) => ({ city, temperature: 21, sky: 'clear' }),
      }),
    },
    stopWhen: stepCountIs(5), // after a tool runs, the model answers with its result
    abortSignal: req.signal, // the client leaving stops the model
  });
  // Reasoning, text, tool calls and their results, as the AI SDK's UI message stream.
  // no-store: without it Chromium reads tens of MB ahead of a stalled page.
  return result.toUIMessageStreamResponse({ headers: { 'cache-control': 'no-cache, no-store' } });
}
