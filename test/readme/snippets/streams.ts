// lib/streams.ts: one per server instance; all instances share the Redis.
import { createClient } from 'redis';
import { createResumableStreams } from 'react-streaming-chat/server';
import { redisStreamStore } from 'react-streaming-chat/server/redis';

const client = createClient({ url: process.env.REDIS_URL });
// Commands wait for the connection; a failure to connect shows in the first request.
client.connect().catch((error) => console.error('Redis:', error));

export const streams = createResumableStreams({ store: redisStreamStore({ client }) });

// A stream id is a capability: whoever has it can read and stop the reply. Record who started
// it, and check before every resume and stop. (Or keep the id on the conversation in your database.)
export async function recordOwner(streamId: string, userId: string): Promise<void> {
  await client.set(`owner:${streamId}`, userId, { PX: 10 * 60_000 });
}

export async function isOwner(streamId: string, userId: string | undefined): Promise<boolean> {
  return userId !== undefined && (await client.get(`owner:${streamId}`)) === userId;
}

// A stand-in for your auth: the signed-in user's id from the session (NextAuth, Clerk, ...).
export function userIdOf(req: Request): string | undefined {
  return req.headers.get('x-user-id') ?? undefined;
}
