// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { eventStream, type ServerEventInput } from 'react-streaming-chat/server';
import { countingSource, deferred, readAll, sleep, within } from './loopback';

const DONE = 'event: done\ndata:\n\n';

async function* from(...items: ServerEventInput[]) {
  yield* items;
}

describe('eventStream framing', () => {
  it('sends a string as a data frame and ends with the done frame', async () => {
    const text = await readAll(eventStream(from('Hello', ' world')));
    expect(text).toBe(`data: Hello\n\ndata:  world\n\n${DONE}`);
  });

  it('splits multi-line data into data lines, reading CRLF and CR as LF', async () => {
    const text = await readAll(eventStream(from('a\nb', 'c\r\nd\re', 'end\n', '')));
    expect(text).toBe(
      'data: a\ndata: b\n\n' +
        'data: c\ndata: d\ndata: e\n\n' +
        'data: end\ndata:\n\n' +
        'data:\n\n' +
        DONE,
    );
  });

  it('writes event and id lines when present', async () => {
    const text = await readAll(
      eventStream(from({ event: 'token', data: 'hi', id: '7' }, { data: 'x', id: '8' }, { event: 'meta', data: '{}' })),
    );
    expect(text).toBe(
      'event: token\nid: 7\ndata: hi\n\n' + 'id: 8\ndata: x\n\n' + 'event: meta\ndata: {}\n\n' + DONE,
    );
  });

  it('turns a thrown error into an event: error frame and closes without done', async () => {
    async function* failing() {
      yield 'partial';
      throw new Error('upstream failed\nsecond line');
    }
    const text = await readAll(eventStream(failing()));
    expect(text).toBe('data: partial\n\nevent: error\ndata: upstream failed\ndata: second line\n\n');
  });

  it('lets errorMessage hide internal details', async () => {
    async function* failing(): AsyncGenerator<string> {
      throw new Error('key sk-123 rejected');
    }
    const text = await readAll(eventStream(failing(), { errorMessage: () => 'model unavailable' }));
    expect(text).toBe('event: error\ndata: model unavailable\n\n');
  });

  it('refuses an event name with a line break (it would forge fields) and returns the source', async () => {
    const finished = deferred();
    async function* forged() {
      try {
        yield { event: 'token\ndata: injected', data: 'x' };
        yield 'never';
      } finally {
        finished.resolve();
      }
    }
    const text = await readAll(eventStream(forged()));
    expect(text).toBe('event: error\ndata: SSE event must not contain line breaks\n\n');
    await within(finished.promise, 1000, 'finally');
  });

  it('encodes UTF-8', async () => {
    const stream = eventStream(from('é🙂'));
    const { value } = await stream.getReader().read();
    expect(Array.from(value ?? [])).toEqual(Array.from(new TextEncoder().encode('data: é🙂\n\n')));
  });
});

describe('eventStream is pull-based', () => {
  it('advances the source only when the consumer reads', async () => {
    const counter = countingSource();
    const reader = eventStream(counter.source).getReader();
    await sleep(20);
    expect(counter.yielded).toBe(0);
    for (let k = 1; k <= 5; k++) {
      await reader.read();
      await sleep(5);
      expect(counter.yielded).toBeLessThanOrEqual(k + 1);
    }
    await reader.cancel();
  });
});

describe('eventStream cancellation', () => {
  it('runs the source finally and aborts its signal when the reader cancels', async () => {
    const counter = countingSource({ everyMs: 10 });
    const reader = eventStream(counter.source).getReader();
    await reader.read();
    await reader.read();
    const cancelledAt = performance.now();
    await reader.cancel('client left');
    const finishedAt = await within(counter.finished, 1000, 'finally');
    expect(counter.signal?.aborted).toBe(true);
    expect(counter.signal?.reason).toBe('client left');
    expect(finishedAt - cancelledAt).toBeLessThan(1000);
  });

  it('cancels a source that is waiting, through its signal', async () => {
    const finished = deferred();
    const reader = eventStream(async function* (signal) {
      try {
        await sleep(60_000, signal);
        yield 'never';
      } finally {
        finished.resolve();
      }
    }).getReader();
    const read = reader.read();
    await sleep(10);
    await within(reader.cancel(), 1000, 'cancel');
    await within(finished.promise, 1000, 'finally');
    await expect(read).resolves.toEqual({ done: true, value: undefined });
  });

  it('ends the stream when options.signal aborts', async () => {
    const counter = countingSource({ everyMs: 5 });
    const abort = new AbortController();
    const reader = eventStream(counter.source, { signal: abort.signal }).getReader();
    expect((await reader.read()).done).toBe(false);
    abort.abort();
    await within(counter.finished, 1000, 'finally');
    expect(counter.signal?.aborted).toBe(true);
    const rest: Array<Uint8Array | undefined> = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest.push(r.value);
    expect(rest).toEqual([]);
  });

  it('returns a given iterable cancelled before its first read, and never calls a function source', async () => {
    let returned = 0;
    const iterable: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => ({ done: false, value: 'x' }),
        return: async () => {
          returned++;
          return { done: true, value: undefined };
        },
      }),
    };
    await eventStream(iterable).cancel();
    expect(returned).toBe(1);

    let called = false;
    await eventStream(() => {
      called = true;
      return iterable;
    }).cancel();
    expect(called).toBe(false);
  });

  it('does not start a source whose signal has already aborted', async () => {
    const counter = countingSource();
    const text = await readAll(eventStream(counter.source, { signal: AbortSignal.abort() }));
    expect(text).toBe('');
    expect(counter.yielded).toBe(0);
  });
});

describe('eventStream heartbeats', () => {
  it('sends comments while the source is idle, then the data', async () => {
    async function* slow() {
      await sleep(150);
      yield 'x';
    }
    const text = await readAll(eventStream(slow(), { heartbeatMs: 20 }));
    expect(text).toMatch(/^(: heartbeat\n\n){3,}data: x\n\nevent: done\ndata:\n\n$/);
  });

  it('does not pile heartbeats up while the consumer is not reading', async () => {
    async function* slow() {
      await sleep(400);
      yield 'x';
    }
    const reader = eventStream(slow(), { heartbeatMs: 10 }).getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe(': heartbeat\n\n');
    await sleep(300);
    let heartbeats = 1;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      if (decoder.decode(r.value) === ': heartbeat\n\n') heartbeats++;
    }
    // Read all along, ~40 heartbeats; paused for 300 ms of the 400, ~10.
    expect(heartbeats).toBeLessThan(25);
  });

  it('sends none when heartbeatMs is 0', async () => {
    async function* slow() {
      await sleep(50);
      yield 'x';
    }
    expect(await readAll(eventStream(slow(), { heartbeatMs: 0 }))).toBe(`data: x\n\n${DONE}`);
  });
});
