// @vitest-environment node
import { getEventListeners } from 'node:events';
import { createResumableStreams, memoryStreamStore } from 'react-streaming-chat/server';
import { dataOf, eventReader, take, tokens, waitFor, watched, type WireEvent } from './support';

const timers = (): number => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;

it('soak: 200 streams with random drops, resumes, stops and abandonment leave no timer, listener or log behind', async () => {
  const before = timers();
  const { store, signals } = watched(memoryStreamStore({ ttlMs: 100 }));
  const streams = createResumableStreams({ store, abandonAfterMs: 80, heartbeatMs: 15 });
  const random = (n: number) => Math.floor(Math.random() * n);

  const run = async (i: number) => {
    const model = tokens(5 + random(40), random(3));
    let response = await streams.start(model.source, { format: 'sse' });
    const id = response.headers.get('x-stream-id')!;
    const seen: WireEvent[] = [];
    const kind = i % 4; // 0: read through drops; 1: stop midway; 2: drop and never return; 3: read at once
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
        await streams.stop(id);
        seen.push(...(await reader.rest()));
        break;
      }
      await reader.cancel();
      if (kind === 2) break;
      response = await streams.resume(id, last?.id ?? null);
    }
    await waitFor(() => model.finished, `stream ${i}'s producer ending`);
    const data = dataOf(seen);
    expect(data).toEqual(model.expected.slice(0, data.length));
    const end = seen.at(-1)?.event;
    if (kind === 0 || kind === 3) {
      expect(end).toBe('done');
      expect(data).toEqual(model.expected);
    }
    if (kind === 1) expect(['done', 'cancelled']).toContain(end);
    return id;
  };
  const ids = await Promise.all(Array.from({ length: 200 }, (_, i) => run(i)));

  await waitFor(async () => (await Promise.all(ids.map((id) => store.info(id)))).every((info) => info === undefined), 'every log expiring');
  await waitFor(() => timers() <= before, 'timers back to where they were');
  expect(signals.length).toBeGreaterThan(200);
  expect(signals.filter((signal) => getEventListeners(signal, 'abort').length > 0)).toEqual([]);
}, 60_000);
