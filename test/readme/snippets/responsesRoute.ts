// app/api/chat/route.ts: OpenAI's Responses API, proxied; the key stays here.
const tools = [
  {
    type: 'function',
    name: 'get_weather',
    description: 'The current weather in a location',
    parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
  },
];

export async function POST(req: Request): Promise<Response> {
  const { messages } = await req.json();
  const upstream = await fetch(`${process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1'}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.OPENAI_API_KEY}` },
    body: JSON.stringify({
      model: 'o4-mini',
      input: messages, // [{ role, content }], as the client's default body has them
      reasoning: { effort: 'low', summary: 'auto' }, // stream the reasoning's summary
      tools,
      stream: true,
    }),
    // The client leaving aborts req.signal, which cancels the call to OpenAI (and its billing).
    signal: req.signal,
  });
  // The provider's events as they are, errors included: the client reads them with openaiResponses().
  return new Response(upstream.body, {
    status: upstream.status,
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'text/plain',
      // no-store: without it Chromium reads tens of MB ahead of a stalled page.
      'cache-control': 'no-cache, no-store',
    },
  });
}
