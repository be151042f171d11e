// app/api/chat/route.ts
import { streamAnswer } from './model';
import { recordOwner, streams, userIdOf } from './streams';

export async function POST(req: Request): Promise<Response> {
  const userId = userIdOf(req);
  if (!userId) return new Response(null, { status: 401 });
  const { messages } = await req.json();
  // The model runs detached from this request: a dropped connection does not stop it.
  const response = await streams.start((signal) => streamAnswer(messages, signal), { format: 'sse' });
  await recordOwner(response.headers.get('x-stream-id')!, userId);
  return response;
}
