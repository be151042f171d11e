// app/api/chat/route.ts
import { eventStreamResponse } from 'react-streaming-chat/server';
import { streamAnswer } from './model';

export async function POST(req: Request): Promise<Response> {
  const { messages } = await req.json();
  return eventStreamResponse((signal) => streamAnswer(messages, signal), { signal: req.signal });
}
