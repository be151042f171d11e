// @vitest-environment node
import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createResumableStreams, memoryStreamStore } from 'react-streaming-chat/server';
import { waitFor } from './support';

// What "bounded" means with the memory store: the log IS the buffer. A live reply is kept whole
// (up to maxEvents) so that any reader can resume it, so the producer is not slowed by readers
// and the log grows with the reply. What must not grow: copies per reader (each holds at most one
// batch), and anything after the log expires.

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const MiB = 1024 * 1024;

const ITEM_BYTES = 1024;
const ITEMS = 10 * 1024; // a 10 MiB reply
const BATCH = 64;
const READERS = 8;

it('a 10 MiB reply with 8 slow readers: heap is the log plus a little per reader, flat while they read, freed at expiry', async () => {
  const baseline = heapUsed();
  let produced = 0;
  const streams = createResumableStreams({
    store: memoryStreamStore({ maxEvents: 20_000, ttlMs: 200 }),
    heartbeatMs: 0,
    batchSize: BATCH,
  });
  const response = await streams.start(async function* () {
    for (let i = 0; i < ITEMS; i++) {
      produced++;
      if (i % 256 === 0) await new Promise((resolve) => setImmediate(resolve));
      // Random text: V8 cannot share any of it between items.
      yield randomBytes(ITEM_BYTES / 2).toString('hex');
    }
  });
  const id = response.headers.get('x-stream-id')!;
  await waitFor(() => produced === ITEMS, 'the producer finishing');
  const logOnly = heapUsed() - baseline;

  const bodies = [response.body!, ...(await Promise.all(Array.from({ length: READERS - 1 }, () => streams.resume(id, null)))).map((r) => r.body!)];
  const readers = bodies.map((body) => body.getReader());
  const maxChunk = { bytes: 0 };
  const read = async (reader: ReadableStreamDefaultReader<Uint8Array>) => {
    const { done, value } = await reader.read();
    if (value) maxChunk.bytes = Math.max(maxChunk.bytes, value.byteLength);
    return done ? 0 : value!.byteLength;
  };
  // Every reader has read one batch and stalls: the server side pulls nothing more for it.
  for (const reader of readers) await read(reader);
  const withReaders = heapUsed() - baseline;

  // They read on, slowly, in turn; the heap is sampled as they go.
  const samples: number[] = [];
  const totals = readers.map(() => 0);
  let open = readers.length;
  for (let step = 0; open > 0; step++) {
    open = 0;
    for (const [i, reader] of readers.entries()) {
      const bytes = await read(reader);
      totals[i]! += bytes;
      if (bytes > 0) open++;
    }
    if (step % 40 === 0) samples.push(heapUsed() - baseline);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const frameBytes = ITEM_BYTES + 'data: \n\nid: 12345\n'.length;

  console.info(
    `[resumable memory] log only ${(logOnly / MiB).toFixed(1)} MiB for a ${(ITEMS * ITEM_BYTES) / MiB} MiB reply; ` +
      `per stalled reader ${((withReaders - logOnly) / READERS / 1024).toFixed(0)} KiB; ` +
      `while reading ${(Math.min(...samples) / MiB).toFixed(1)}–${(Math.max(...samples) / MiB).toFixed(1)} MiB; ` +
      `largest chunk ${(maxChunk.bytes / 1024).toFixed(0)} KiB`,
  );
  // The log holds the reply once (one-byte strings plus small event objects), not once per reader.
  expect(logOnly).toBeGreaterThan(0.9 * ITEMS * ITEM_BYTES);
  expect(logOnly).toBeLessThan(1.5 * ITEMS * ITEM_BYTES);
  expect(withReaders - logOnly).toBeLessThan(READERS * 256 * 1024);
  // Flat while they read: no reader piles up what it has not sent.
  expect(Math.max(...samples) - logOnly).toBeLessThan(READERS * 256 * 1024 + 2 * MiB);
  // One read of the body is at most one batch.
  expect(maxChunk.bytes).toBeLessThanOrEqual(BATCH * frameBytes);
  for (const total of totals) expect(total).toBe(totals[0]);

  // After the end, the log expires and its memory goes back.
  await waitFor(async () => (await streams.resume(id, null)).status === 204, 'the log expiring');
  expect(heapUsed() - baseline).toBeLessThan(2 * MiB);
}, 60_000);
