// Shared by the Redis tests: connected clients, server "instances" and the producing process.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createClient } from 'redis';
import { createResumableStreams, type ResumableStreamsOptions } from 'react-streaming-chat/server';
import { redisStreamStore, type RedisStreamStoreOptions } from 'react-streaming-chat/server/redis';
import { inject } from 'vitest';

/** A connected client to the test's redis-server. */
export async function connect() {
  const client = createClient({ url: inject('redisUrl') });
  await client.connect();
  return client;
}

export type Client = Awaited<ReturnType<typeof connect>>;

/** A key prefix of its own for each test, so tests never see each other's keys. */
export const newPrefix = (): string => `rsc-test-${crypto.randomUUID().slice(0, 8)}:`;

/** One server instance: its own client, store and streams, as another machine would have. */
export async function instance(
  prefix: string,
  storeOptions: Omit<RedisStreamStoreOptions, 'client' | 'prefix'> = {},
  streamOptions: Omit<ResumableStreamsOptions, 'store'> = {},
) {
  const client = await connect();
  const store = redisStreamStore({ client, prefix, ...storeOptions });
  const streams = createResumableStreams({ store, ...streamOptions });
  return {
    client,
    store,
    streams,
    async close() {
      await store.close();
      await client.close();
    },
  };
}

/** Every key under `prefix`. */
export async function keys(client: Client, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) found.push(...batch);
  return found;
}

/** The producing instance in a child process (see producerProcess.ts). */
export async function producerProcess(prefix: string) {
  const child = spawn(process.execPath, [inject('producerScript')], {
    env: { ...process.env, REDIS_URL: inject('redisUrl'), PREFIX: prefix },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const [line] = await Promise.race([
    once(child.stdout!, 'data'),
    exited.then(() => Promise.reject(new Error('the producer process exited before it listened'))),
  ]);
  const { port } = JSON.parse(String(line));
  return {
    url: `http://127.0.0.1:${port}`,
    /** `kill -9`: no cleanup, no goodbye. Resolves when it is gone. */
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
