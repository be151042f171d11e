// A producing server instance in a process of its own, so that a test can `kill -9` it.
// POST /start?tokens=N&everyMs=M starts a resumable stream of `t0 `, `t1 `, ... and streams it.
// It prints `{"port":P}` on stdout once it listens. Env: REDIS_URL, PREFIX.
import { createServer } from 'node:http';
import { createClient } from 'redis';
import { createResumableStreams, sendResponse } from 'react-streaming-chat/server';
import { redisStreamStore } from 'react-streaming-chat/server/redis';

async function main(): Promise<void> {
  const client = createClient({ url: process.env.REDIS_URL });
  client.on('error', () => {});
  await client.connect();
  const streams = createResumableStreams({ store: redisStreamStore({ client, prefix: process.env.PREFIX }) });

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const count = Number(url.searchParams.get('tokens') ?? 100);
    const everyMs = Number(url.searchParams.get('everyMs') ?? 20);
    await sendResponse(
      res,
      await streams.start(async function* (signal) {
        for (let i = 0; i < count && !signal.aborted; i++) {
          await new Promise((resolve) => setTimeout(resolve, everyMs));
          yield `t${i} `;
        }
      }),
    );
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
