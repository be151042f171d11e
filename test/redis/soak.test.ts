import { getEventListeners } from 'node:events';
import { createResumableStreams } from 'react-streaming-chat/server';
import { redisStreamStore } from 'react-streaming-chat/server/redis';
import { dataOf, eventReader, take, tokens, waitFor, watched, type WireEvent } from '../server/resumable/support';
import { connect, keys, newPrefix } from './support';

const count = (name: string): number => process.getActiveResourcesInfo().filter((resource) => resource === name).length;
const clientsOf = async (admin: Awaited<ReturnType<typeof connect>>): Promise<number> =>
  String(await admin.sendCommand(['CLIENT', 'LIST'])).trim().split('\n').length;

it('soak: 200 streams over two instances with random drops, resumes and stops leave no key, timer, listener or socket behind', async () => {
  const admin = await connect();
  const prefix = newPrefix();
  const before = { timers: count('Timeout'), sockets: count('TCPSocketWrap'), clients: await clientsOf(admin) };
  const storeOptions = { prefix, ttlMs: 300, leaseMs: 1_000, renewMs: 300 };
  const instances = await Promise.all(
    [0, 1].map(async () => {
      const client = await connect();
      const { store, signals } = watched(redisStreamStore({ client, ...storeOptions }));
      const streams = createResumableStreams({ store, abandonAfterMs: 300, heartbeatMs: 50 });
      return { client, store, signals, streams };
    }),
  );
  const random = (n: number) => Math.floor(Math.random() * n);
  const any = () => instances[random(2)]!.streams;
  const outcomes = { done: 0, cancelled: 0, abandoned: 0 };

  const run = async (i: number) => {
    const model = tokens(5 + random(40), random(4));
    let response = await any().start(model.source, { format: 'sse' });
    const id = response.headers.get('x-stream-id')!;
    const seen: WireEvent[] = [];
    const kind = i % 4; // 0: read through drops at either instance; 1: stop at either; 2: drop for good; 3: read at once
    for (let attempt = 0; ; attempt++) {
      const reader = eventReader(response);
      if (kind === 3) {
        seen.push(...(await reader.rest()));
        break;
      }
      seen.push(...(await take(reader, 1 + random(8))));
      const last = seen.at(-1);
      if (last?.event) break;
      if (kind === 1 && attempt === 1) {
        await any().stop(id);
        seen.push(...(await reader.rest()));
        break;
      }
      await reader.cancel();
      if (kind === 2) break;
      response = await any().resume(id, last?.id ?? null);
    }
    await waitFor(() => model.finished, `stream ${i}'s producer ending`);
    const data = dataOf(seen);
    expect(data).toEqual(model.expected.slice(0, data.length));
    const end = seen.at(-1)?.event;
    if (kind === 0 || kind === 3) expect(data).toEqual(model.expected);
    if (kind === 2) outcomes.abandoned += model.signal!.aborted ? 1 : 0;
    if (end === 'done') outcomes.done++;
    if (end === 'cancelled') outcomes.cancelled++;
    expect(end === undefined || end === 'done' || end === 'cancelled').toBe(true);
  };
  // Four waves of 50 at once.
  for (let wave = 0; wave < 4; wave++) await Promise.all(Array.from({ length: 50 }, (_, i) => run(wave * 50 + i)));
  console.info(`[redis soak] 200 streams: ${outcomes.done} done, ${outcomes.cancelled} stopped, ${outcomes.abandoned} abandoned`);

  for (const { store, client } of instances) {
    await store.close();
    await client.close();
  }
  const signals = instances.flatMap((instance) => instance.signals);
  expect(signals.filter((signal) => getEventListeners(signal, 'abort').length > 0)).toEqual([]);
  // Every key expires: ttlMs after the end, the lease and stop keys within leaseMs.
  await waitFor(async () => (await keys(admin, prefix)).length === 0, 'every key expiring', 5_000);
  await waitFor(() => count('Timeout') <= before.timers, 'timers back to where they were', 5_000);
  await waitFor(() => count('TCPSocketWrap') <= before.sockets, 'sockets closed', 5_000);
  await waitFor(async () => (await clientsOf(admin)) <= before.clients, 'Redis connections closed', 5_000);
  await admin.close();
}, 120_000);
