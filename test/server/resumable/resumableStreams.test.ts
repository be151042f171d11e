// @vitest-environment node
import { createResumableStreams, memoryStreamStore } from 'react-streaming-chat/server';
import { countingSource } from '../loopback';
import { dataOf, eventReader, take, tokens, waitFor } from './support';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('start', () => {
  it('streams the reply as SSE with an x-stream-id; every event has an id; it ends with event: done', async () => {
    const streams = createResumableStreams();
    const { source, expected } = tokens(20);
    const response = await streams.start(source, { format: 'sse' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-stream-id')).toMatch(UUID);

    const events = await eventReader(response).rest();
    expect(dataOf(events)).toEqual(expected);
    expect(events.at(-1)).toMatchObject({ event: 'done', data: '' });
    expect(events.every((event) => event.id !== undefined)).toBe(true);
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  });

  it("'ui' writes the UI message stream: chunks as data: {json}, strings in one text part, data: [DONE] last", async () => {
    const streams = createResumableStreams();
    const response = await streams.start(
      async function* () {
        yield { type: 'reasoning-delta', delta: 'Thinking' } as const;
        yield 'Hello';
        yield ' world';
        yield { type: 'source-url', sourceId: 's1', url: 'https://example.com' } as const;
      },
      { format: 'ui' },
    );
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    const events = await eventReader(response).rest();
    expect(events.every((event) => event.id !== undefined)).toBe(true);
    expect(events.at(-1)!.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
    const text = chunks.filter((chunk) => chunk.type === 'text-delta');
    expect(text.map((chunk) => chunk.delta)).toEqual(['Hello', ' world']);
    expect(new Set(text.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks.map((chunk) => chunk.type)).toEqual([
      'start', 'reasoning-start', 'reasoning-delta', 'reasoning-end', 'text-start', 'text-delta', 'text-delta', 'text-end', 'source-url', 'finish',
    ]);
  });

  it('ids are fresh random UUIDs', async () => {
    const streams = createResumableStreams();
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const response = await streams.start(tokens(1).source);
      ids.add(response.headers.get('x-stream-id')!);
      await response.body!.cancel();
    }
    expect(ids.size).toBe(20);
  });

  it('a source that throws ends the reply with an error event (sse) or an error chunk and [DONE] (ui)', async () => {
    const failing = async function* () {
      yield 'partial';
      throw new Error('model overloaded');
    };
    const streams = createResumableStreams();
    const sse = await eventReader(await streams.start(failing)).rest();
    expect(sse.map(({ event, data }) => ({ event, data }))).toEqual([
      { event: undefined, data: 'partial' },
      { event: 'error', data: 'model overloaded' },
    ]);
    const ui = await eventReader(await streams.start(failing, { format: 'ui' })).rest();
    expect(ui.at(-1)!.data).toBe('[DONE]');
    expect(JSON.parse(ui.at(-2)!.data)).toEqual({ type: 'error', errorText: 'model overloaded' });
  });

  it('sends heartbeats while the log is quiet, and retry: when configured', async () => {
    const streams = createResumableStreams({ heartbeatMs: 20, retryMs: 1500 });
    const { source } = tokens(2, 120);
    const reader = eventReader(await streams.start(source));
    const events = await reader.rest();
    expect(dataOf(events)).toEqual(['t0 ', 't1 ']);
    expect(reader.comments.filter((comment) => comment === 'heartbeat').length).toBeGreaterThanOrEqual(3);
    expect(reader.retries).toEqual([1500]);
  });
});

describe('the producer runs detached from the connection', () => {
  it('a disconnect does not stop it; resume continues after Last-Event-ID with no gap and no duplicate', async () => {
    const streams = createResumableStreams();
    const model = tokens(60, 2);
    const response = await streams.start(model.source);
    const id = response.headers.get('x-stream-id')!;
    const first = eventReader(response);
    const before = await take(first, 5);
    await first.cancel();
    // The model goes on with nobody reading.
    await waitFor(() => model.finished, 'the producer finishing with no reader');
    expect(model.signal!.aborted).toBe(false);
    expect(model.yielded).toBe(60);

    const rest = await eventReader(await streams.resume(id, before.at(-1)!.id)).rest();
    expect(dataOf([...before, ...rest])).toEqual(model.expected);
    expect(rest.at(-1)).toMatchObject({ event: 'done' });
  });

  it('a reply read across many drops at random points is exactly the reply', async () => {
    const streams = createResumableStreams({ batchSize: 7 });
    const model = tokens(300, 0);
    let response = await streams.start(model.source);
    const id = response.headers.get('x-stream-id')!;
    const seen: { data: string; event?: string; id?: string }[] = [];
    let drops = 0;
    for (;;) {
      const reader = eventReader(response);
      const events = await take(reader, 1 + Math.floor(Math.random() * 40));
      seen.push(...events);
      if (events.at(-1)?.event === 'done') break;
      await reader.cancel();
      drops++;
      response = await streams.resume(id, seen.at(-1)?.id ?? null);
      expect(response.status).toBe(200);
    }
    expect(drops).toBeGreaterThan(3);
    expect(dataOf(seen)).toEqual(model.expected);
    expect(new Set(seen.map((event) => event.id)).size).toBe(seen.length);
  });

  it('resume without Last-Event-ID replays everything, during the reply and after its end', async () => {
    const streams = createResumableStreams();
    const model = tokens(30, 3);
    const response = await streams.start(model.source);
    const id = response.headers.get('x-stream-id')!;
    const [midway, original] = await Promise.all([
      (async () => {
        await waitFor(() => model.yielded >= 10, 'ten tokens');
        return eventReader(await streams.resume(id, null)).rest();
      })(),
      eventReader(response).rest(),
    ]);
    const after = await eventReader(await streams.resume(id, undefined)).rest();
    for (const events of [midway, original, after]) expect(dataOf(events)).toEqual(model.expected);
    expect(after).toEqual(original);
  });

  it('resume answers 204 for an unknown id', async () => {
    const streams = createResumableStreams();
    const response = await streams.resume(crypto.randomUUID(), null);
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });
});

describe('stop', () => {
  it('aborts the producer; a reader attached meanwhile ends with event: cancelled, the partial reply kept', async () => {
    const streams = createResumableStreams();
    const model = countingSource({ everyMs: 5 });
    const response = await streams.start(model.source);
    const id = response.headers.get('x-stream-id')!;
    const reader = eventReader(response);
    const before = await take(reader, 3);

    const stopped = await streams.stop(id);
    expect(stopped.status).toBe(204);
    const rest = await reader.rest();
    expect(rest.at(-1)).toMatchObject({ event: 'cancelled' });
    expect(dataOf([...before, ...rest])).toEqual(Array.from({ length: dataOf([...before, ...rest]).length }, (_, i) => `${i + 1}:`.padEnd(16, 'x')));
    await model.finished;
    expect(model.signal!.aborted).toBe(true);

    // The log keeps the end: a later resume sees the same cancelled reply.
    const replay = await eventReader(await streams.resume(id, null)).rest();
    expect(replay.at(-1)).toMatchObject({ event: 'cancelled' });
  });

  it("'ui' ends a stopped reply with an abort chunk and [DONE]", async () => {
    const streams = createResumableStreams();
    const model = countingSource({ everyMs: 5 });
    const response = await streams.start(model.source, { format: 'ui' });
    const reader = eventReader(response);
    await take(reader, 3);
    await streams.stop(response.headers.get('x-stream-id')!);
    const rest = await reader.rest();
    expect(rest.slice(-2).map((event) => event.data)).toEqual(['{"type":"abort"}', '[DONE]']);
  });

  it('stops a producer stuck waiting for its model at once, without waiting for the next token', async () => {
    const streams = createResumableStreams();
    let aborted = false;
    const response = await streams.start(async function* (signal) {
      signal.addEventListener('abort', () => (aborted = true));
      yield 'first';
      await new Promise(() => {}); // a model that never answers and ignores its signal
    });
    const reader = eventReader(response);
    expect(await reader.next()).toMatchObject({ data: 'first' });
    await streams.stop(response.headers.get('x-stream-id')!);
    expect(await reader.rest()).toEqual([expect.objectContaining({ event: 'cancelled' })]);
    expect(aborted).toBe(true);
  });

  it('is a 204 for an unknown or finished stream, and changes nothing', async () => {
    const streams = createResumableStreams();
    expect((await streams.stop(crypto.randomUUID())).status).toBe(204);
    const response = await streams.start(tokens(3).source);
    const events = await eventReader(response).rest();
    expect((await streams.stop(response.headers.get('x-stream-id')!)).status).toBe(204);
    expect(await eventReader(await streams.resume(response.headers.get('x-stream-id')!, null)).rest()).toEqual(events);
  });
});

describe('abandonment', () => {
  it('stops a producer nobody has read for abandonAfterMs; its log ends cancelled', async () => {
    const streams = createResumableStreams({ abandonAfterMs: 150 });
    const model = countingSource({ everyMs: 5 });
    const response = await streams.start(model.source);
    const id = response.headers.get('x-stream-id')!;
    const reader = eventReader(response);
    await take(reader, 2);
    const left = performance.now();
    await reader.cancel();
    const stoppedAt = await model.finished;
    expect(model.signal!.aborted).toBe(true);
    expect(stoppedAt - left).toBeGreaterThanOrEqual(140);
    expect(stoppedAt - left).toBeLessThan(150 + 1_000);
    expect((await eventReader(await streams.resume(id, null)).rest()).at(-1)).toMatchObject({ event: 'cancelled' });
  });

  it('leaves alone a producer whose reader is attached, even one that reads slowly', async () => {
    const streams = createResumableStreams({ abandonAfterMs: 100 });
    const model = tokens(8, 60); // longer than abandonAfterMs between tokens
    const events = await eventReader(await streams.start(model.source)).rest();
    expect(dataOf(events)).toEqual(model.expected);
    expect(model.signal!.aborted).toBe(false);
  });

  it('a reader that comes back in time keeps the producer alive', async () => {
    const streams = createResumableStreams({ abandonAfterMs: 200 });
    const model = tokens(20, 25);
    const response = await streams.start(model.source);
    const id = response.headers.get('x-stream-id')!;
    const first = eventReader(response);
    const before = await take(first, 2);
    await first.cancel();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const rest = await eventReader(await streams.resume(id, before.at(-1)!.id)).rest();
    expect(dataOf([...before, ...rest])).toEqual(model.expected);
  });
});

describe('the memory store is bounded', () => {
  it('a reply longer than the cap ends with an error event; the start of the reply is kept', async () => {
    const streams = createResumableStreams({ store: memoryStreamStore({ maxEvents: 20 }) });
    const model = countingSource();
    const response = await streams.start(model.source);
    const events = await eventReader(response).rest();
    expect(events.length).toBeLessThanOrEqual(20);
    expect(events.at(-1)).toMatchObject({ event: 'error', data: expect.stringMatching(/longer than .* cap of 20 events/) });
    expect(dataOf(events)[0]).toBe('1:'.padEnd(16, 'x'));
    await model.finished;
    expect(model.signal!.aborted).toBe(true);
  });

  it('a finished stream expires ttlMs after its end: resume answers 204', async () => {
    const streams = createResumableStreams({ store: memoryStreamStore({ ttlMs: 80 }) });
    const response = await streams.start(tokens(3).source);
    const id = response.headers.get('x-stream-id')!;
    await eventReader(response).rest();
    expect((await streams.resume(id, null)).status).toBe(200);
    await waitFor(async () => (await streams.resume(id, null)).status === 204, 'the log expiring');
  });

  it('holds at most maxStreams: the oldest finished stream makes room; all live -> 503', async () => {
    const streams = createResumableStreams({ store: memoryStreamStore({ maxStreams: 2 }) });
    const finished = await streams.start(tokens(2).source);
    await eventReader(finished).rest();
    const live = countingSource({ everyMs: 10 });
    const first = await streams.start(live.source);
    // Full: the finished one goes.
    const second = await streams.start(countingSource({ everyMs: 10 }).source);
    expect(second.status).toBe(200);
    expect((await streams.resume(finished.headers.get('x-stream-id')!, null)).status).toBe(204);
    // Two live streams: no room.
    const refused = await streams.start(tokens(2).source);
    expect(refused.status).toBe(503);
    for (const response of [first, second]) await streams.stop(response.headers.get('x-stream-id')!);
    await Promise.all([first, second].map((response) => eventReader(response).rest()));
    expect((await streams.start(tokens(2).source)).status).toBe(200);
  });
});
