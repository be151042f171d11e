import { PRODUCER_LOST } from 'react-streaming-chat/server';
import { countingSource } from '../server/loopback';
import { dataOf, eventReader, take, tokens, waitFor } from '../server/resumable/support';
import { connect, instance, keys, newPrefix, producerProcess, type Client } from './support';

let admin: Client;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  admin = await connect();
});
afterAll(async () => {
  await admin.close();
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Two instances sharing one Redis through clients of their own. */
async function twoInstances(...args: Parameters<typeof instance> extends [string, ...infer Rest] ? Rest : never) {
  const prefix = newPrefix();
  const a = await instance(prefix, ...args);
  const b = await instance(prefix, ...args);
  cleanups.push(a.close, b.close);
  return { prefix, a, b };
}

const median = (values: number[]): number => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;

describe('across instances', () => {
  it('POST at one instance, resume at the other after Last-Event-ID: the reply exactly, no event twice', async () => {
    const { a, b } = await twoInstances();
    const model = tokens(80, 3);
    const response = await a.streams.start(model.source);
    const id = response.headers.get('x-stream-id')!;
    const first = eventReader(response);
    const before = await take(first, 10);
    await first.cancel();

    const resumed = await b.streams.resume(id, before.at(-1)!.id);
    expect(resumed.status).toBe(200);
    expect(resumed.headers.get('x-stream-id')).toBe(id);
    const rest = await eventReader(resumed).rest();
    const all = [...before, ...rest];
    expect(dataOf(all)).toEqual(model.expected);
    expect(all.at(-1)).toMatchObject({ event: 'done' });
    expect(new Set(all.map((event) => event.id)).size).toBe(all.length);
    // After the end, the whole reply from the start, at either instance.
    expect(dataOf(await eventReader(await b.streams.resume(id, null)).rest())).toEqual(model.expected);
    expect(model.signal!.aborted).toBe(false);
  });

  it("'ui' replies resume at the other instance as the UI message stream, [DONE] last", async () => {
    const { a, b } = await twoInstances();
    const model = tokens(20, 3);
    const response = await a.streams.start(model.source, { format: 'ui' });
    const first = eventReader(response);
    const before = await take(first, 4);
    await first.cancel();
    const resumed = await b.streams.resume(response.headers.get('x-stream-id')!, before.at(-1)!.id);
    expect(resumed.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    const events = [...before, ...(await eventReader(resumed).rest())];
    expect(events.at(-1)!.data).toBe('[DONE]');
    const deltas = events.slice(0, -1).map((event) => JSON.parse(event.data)).filter((chunk) => chunk.type === 'text-delta');
    expect(deltas.map((chunk) => chunk.delta)).toEqual(model.expected);
  });

  it('heartbeats keep their rhythm though blocked reads return every blockMs to check the lease', async () => {
    const { a, b } = await twoInstances({ blockMs: 100 }, { heartbeatMs: 250 });
    const response = await a.streams.start(async function* () {
      yield 'before';
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // a model thinking
      yield 'after';
    });
    await response.body!.cancel();
    const reader = eventReader(await b.streams.resume(response.headers.get('x-stream-id')!, null));
    expect(dataOf(await reader.rest())).toEqual(['before', 'after']);
    expect(reader.comments.filter((comment) => comment === 'heartbeat').length).toBeGreaterThanOrEqual(3);
  });

  it('resume answers 204 for an unknown id', async () => {
    const { b } = await twoInstances();
    expect((await b.streams.resume(crypto.randomUUID(), null)).status).toBe(204);
  });

  it('stop at one instance stops the producer at the other at once (median of 20 under 100 ms); readers end cancelled', async () => {
    const { a, b } = await twoInstances();
    const latencies: number[] = [];
    for (let run = 0; run < 20; run++) {
      let abortedAt = 0;
      const response = await a.streams.start(async function* (signal) {
        signal.addEventListener('abort', () => (abortedAt = performance.now()));
        for (let i = 0; ; i++) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          yield `t${i} `;
        }
      });
      const id = response.headers.get('x-stream-id')!;
      await response.body!.cancel();
      const reader = eventReader(await b.streams.resume(id, null));
      await take(reader, 2);
      const stoppedAt = performance.now();
      expect((await b.streams.stop(id)).status).toBe(204);
      await waitFor(() => abortedAt > 0, 'the producer at the other instance aborting', 5_000);
      latencies.push(abortedAt - stoppedAt);
      expect((await reader.rest()).at(-1)).toMatchObject({ event: 'cancelled' });
    }
    console.info(`[redis] cross-instance stop: median ${median(latencies).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms over 20 runs`);
    expect(median(latencies)).toBeLessThan(100);
  });

  it('a producer that missed the stop message still stops, by the stop key at its next renewal', async () => {
    const { prefix, a, b } = await twoInstances({ renewMs: 100 });
    const model = countingSource({ everyMs: 5 });
    const response = await a.streams.start(model.source);
    const id = response.headers.get('x-stream-id')!;
    const reader = eventReader(response);
    await take(reader, 2);
    // As if the message were lost: only the key, no PUBLISH.
    await b.client.set(`${prefix}${id}:stop`, '1', { PX: 5_000 });
    expect((await reader.rest()).at(-1)).toMatchObject({ event: 'cancelled' });
    await model.finished;
    expect(model.signal!.aborted).toBe(true);
  });

  it('abandonment counts readers at every instance: a reader at the other one keeps the producer alive', async () => {
    const { a, b } = await twoInstances({}, { abandonAfterMs: 200 });
    const model = tokens(10, 60);
    const response = await a.streams.start(model.source);
    const id = response.headers.get('x-stream-id')!;
    await response.body!.cancel();
    const reader = eventReader(await b.streams.resume(id, null));
    const events = await reader.rest();
    expect(dataOf(events)).toEqual(model.expected);
    expect(model.signal!.aborted).toBe(false);

    const abandoned = countingSource({ everyMs: 5 });
    const second = await a.streams.start(abandoned.source);
    const left = performance.now();
    await second.body!.cancel();
    const stoppedAt = await abandoned.finished;
    expect(abandoned.signal!.aborted).toBe(true);
    expect(stoppedAt - left).toBeGreaterThanOrEqual(190);
    expect(stoppedAt - left).toBeLessThan(200 + 1_500);
  });
});

describe('a producer in another process', () => {
  it('stop at this instance ends the reply of a producer in another process: median of 20 to event: cancelled under 100 ms', async () => {
    const prefix = newPrefix();
    const producer = await producerProcess(prefix);
    const b = await instance(prefix);
    cleanups.push(b.close, producer.kill);
    const latencies: number[] = [];
    for (let run = 0; run < 20; run++) {
      const response = await fetch(`${producer.url}/start?tokens=100000&everyMs=5`, { method: 'POST' });
      const id = response.headers.get('x-stream-id')!;
      await response.body!.cancel();
      const reader = eventReader(await b.streams.resume(id, null));
      await take(reader, 2);
      const stoppedAt = performance.now();
      await b.streams.stop(id);
      const rest = await reader.rest();
      latencies.push(performance.now() - stoppedAt);
      expect(rest.at(-1)).toMatchObject({ event: 'cancelled' });
    }
    console.info(`[redis] stop across processes, to the reader's event: cancelled: median ${median(latencies).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms over 20 runs`);
    expect(median(latencies)).toBeLessThan(100);
  });
});

describe('a lost producer', () => {
  it('kill -9 of the producing process: a reader at another instance keeps the partial reply and ends with the producer-lost error within the lease', async () => {
    const prefix = newPrefix();
    const producer = await producerProcess(prefix);
    const b = await instance(prefix);
    cleanups.push(b.close);

    const response = await fetch(`${producer.url}/start?tokens=100000&everyMs=10`, { method: 'POST' });
    const id = response.headers.get('x-stream-id')!;
    const direct = eventReader(response);
    await take(direct, 5);
    const reader = eventReader(await b.streams.resume(id, null));
    const before = await take(reader, 10);

    const killedAt = performance.now();
    await producer.kill();
    const rest = await reader.rest();
    const detectedMs = performance.now() - killedAt;
    await direct.rest().catch(() => {});

    console.info(`[redis] producer killed (-9): readers told after ${(detectedMs / 1000).toFixed(1)} s (lease 5 s, renewed every 2 s)`);
    const events = [...before, ...rest];
    expect(events.at(-1)).toMatchObject({ event: 'error', data: PRODUCER_LOST });
    const data = dataOf(events);
    expect(data.length).toBeGreaterThanOrEqual(10);
    expect(data).toEqual(Array.from({ length: data.length }, (_, i) => `t${i} `));
    expect(detectedMs).toBeLessThan(10_000);

    // A reader that comes later gets the same partial reply and the same end.
    const late = await eventReader(await b.streams.resume(id, null)).rest();
    expect(dataOf(late)).toEqual(data);
    expect(late.at(-1)).toMatchObject({ event: 'error', data: PRODUCER_LOST });
  });
});

describe('the Redis log is bounded and expires', () => {
  it('a reply longer than maxEvents ends with an error event; the Redis stream holds at most the cap', async () => {
    const { prefix, a } = await twoInstances({ maxEvents: 20 });
    const model = countingSource();
    const response = await a.streams.start(model.source);
    const events = await eventReader(response).rest();
    expect(events.at(-1)).toMatchObject({ event: 'error', data: expect.stringMatching(/cap of 20 events/) });
    expect(dataOf(events)[0]).toBe('1:'.padEnd(16, 'x'));
    await model.finished;
    expect(model.signal!.aborted).toBe(true);
    const id = response.headers.get('x-stream-id')!;
    expect(await admin.xLen(`${prefix}${id}:log`)).toBe(events.length);
    expect(events.length).toBeLessThanOrEqual(20);
  });

  it('every key of a finished stream expires after ttlMs; resume then answers 204', async () => {
    const { prefix, a, b } = await twoInstances({ ttlMs: 200 });
    const response = await a.streams.start(tokens(5).source);
    const id = response.headers.get('x-stream-id')!;
    await eventReader(response).rest();
    expect((await keys(admin, prefix)).length).toBeGreaterThan(0);
    for (const key of await keys(admin, prefix)) expect(await admin.pTTL(key)).toBeGreaterThan(0);
    await waitFor(async () => (await keys(admin, prefix)).length === 0, 'the keys expiring', 5_000);
    expect((await b.streams.resume(id, null)).status).toBe(204);
  });
});
