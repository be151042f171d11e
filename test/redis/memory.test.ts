import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { waitFor } from '../server/resumable/support';
import { instance, newPrefix } from './support';

// With Redis the log lives in Redis, so a server's memory does not grow with the reply: the
// producer awaits each XADD (paced by Redis), and each reader holds at most one batch.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const MiB = 1024 * 1024;

it('a 10 MiB reply to 4 slow readers at another instance: both instances keep a flat heap', async () => {
  const prefix = newPrefix();
  const options = { maxEvents: 20_000, ttlMs: 2_000 };
  const a = await instance(prefix, options, { heartbeatMs: 0 });
  const b = await instance(prefix, options, { heartbeatMs: 0, batchSize: 64 });
  try {
    const ITEMS = 10 * 1024;
    let produced = 0;
    const baseline = heapUsed();
    const response = await a.streams.start(async function* () {
      for (let i = 0; i < ITEMS; i++) {
        produced++;
        yield randomBytes(512).toString('hex'); // 1 KiB
      }
    });
    const id = response.headers.get('x-stream-id')!;
    await response.body!.cancel();
    const readers = await Promise.all(Array.from({ length: 4 }, async () => (await b.streams.resume(id, null)).body!.getReader()));

    const samples: number[] = [];
    const totals = readers.map(() => 0);
    let largest = 0;
    let open = readers.length;
    for (let step = 0; open > 0; step++) {
      open = 0;
      for (const [i, reader] of readers.entries()) {
        const { done, value } = await reader.read();
        if (done) continue;
        open++;
        totals[i]! += value.byteLength;
        largest = Math.max(largest, value.byteLength);
      }
      if (step % 20 === 0) samples.push(heapUsed() - baseline);
      await new Promise((resolve) => setTimeout(resolve, 2)); // slow readers
    }
    await waitFor(() => produced === ITEMS, 'the producer finishing');
    console.info(
      `[redis memory] 10 MiB reply, 4 slow readers: heap growth ${(Math.min(...samples) / MiB).toFixed(1)}–${(Math.max(...samples) / MiB).toFixed(1)} MiB across ${samples.length} samples; largest read ${(largest / 1024).toFixed(0)} KiB`,
    );
    for (const total of totals) expect(total).toBeGreaterThan(10 * MiB);
    expect(Math.max(...samples)).toBeLessThan(3 * MiB);
    expect(largest).toBeLessThanOrEqual(64 * 1100);
  } finally {
    await a.close();
    await b.close();
  }
}, 120_000);
