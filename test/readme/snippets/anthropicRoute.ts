// app/api/chat/route.ts: Claude with extended thinking and a tool; the key stays here.
const tools = [
  {
    name: 'get_weather',
    description: 'The current weather in a location',
    input_schema: { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string' } }, required: ['location'] },
  },
];

export async function POST(req: Request): Promise<Response> {
  const { messages }: { messages: { role: string; content: string }[] } = await req.json();
  const upstream = await fetch(`${process.env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com'}/v1/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': process.env.ANTHROPIC_API_KEY ?? '',
      'anthropic-version': '2023-06-01',
    },
    body: JSON.stringify({
      model: 'claude-sonnet-4-5',
      max_tokens: 16000, // more than the thinking budget: the answer comes after the thinking
      thinking: { type: 'enabled', budget_tokens: 8000 },
      tools,
      // Anthropic takes user and assistant turns with text (a system prompt goes in `system`).
      messages: messages.filter((message) => message.role !== 'system' && message.content !== ''),
      stream: true,
    }),
    signal: req.signal, // the client leaving cancels the call to Anthropic
  });
  // Anthropic's events as they are, errors included: the client reads them with anthropic().
  return new Response(upstream.body, {
    status: upstream.status,
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'text/plain',
      'cache-control': 'no-cache, no-store', // no-store: see the OpenAI proxy above
    },
  });
}
