// app/api/chat/route.ts: the browser talks to you, you talk to OpenAI; the key stays here.
export async function POST(req: Request): Promise<Response> {
  const { messages } = await req.json();
  const upstream = await fetch(`${process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1'}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.OPENAI_API_KEY}` },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages, stream: true }),
    // The client leaving aborts req.signal, which cancels the call to OpenAI (and its billing).
    signal: req.signal,
  });
  // The provider's stream as it is, errors included: the client reads it with openaiChat().
  return new Response(upstream.body, {
    status: upstream.status,
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'text/plain',
      // no-store: without it Chromium reads tens of MB ahead of a stalled page.
      'cache-control': 'no-cache, no-store',
    },
  });
}
