// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { uiMessageStream, type UIMessageInput } from 'react-streaming-chat/server';
import { countingSource, deferred, readAll, sleep, within } from './loopback';

async function* from(...items: UIMessageInput[]) {
  yield* items;
}

/** The JSON chunks of a UI message stream, `[DONE]` as the string it is; heartbeats dropped. */
function chunksOf(wire: string): unknown[] {
  return wire
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => (frame === 'data: [DONE]' ? '[DONE]' : JSON.parse(frame.slice(6))));
}

/** The id of every `text-start`/`reasoning-start`, in order, so expectations can name them. */
const startIds = (chunks: unknown[]): string[] =>
  chunks.flatMap((chunk) => {
    const { type, id } = (typeof chunk === 'object' ? chunk : {}) as { type?: string; id?: string };
    return type?.endsWith('-start') && id ? [id] : [];
  });

describe('uiMessageStream framing', () => {
  it('wraps strings in one text part between start and finish, one data line per chunk, then [DONE]', async () => {
    const wire = await readAll(uiMessageStream(from('Hello', ' "wörld"\n', '🙂')));
    expect(wire.split('\n\n').slice(0, -1).every((frame) => /^data: [^\n]*$/.test(frame))).toBe(true);
    const chunks = chunksOf(wire);
    const [id] = startIds(chunks);
    expect(chunks).toEqual([
      { type: 'start' },
      { type: 'text-start', id },
      { type: 'text-delta', id, delta: 'Hello' },
      { type: 'text-delta', id, delta: ' "wörld"\n' },
      { type: 'text-delta', id, delta: '🙂' },
      { type: 'text-end', id },
      { type: 'finish' },
      '[DONE]',
    ]);
    expect(wire.endsWith('data: {"type":"finish"}\n\ndata: [DONE]\n\n')).toBe(true);
  });

  it('closes the text part before any other chunk and opens a new one for the next string', async () => {
    const tool = { type: 'tool-input-available', toolCallId: 'c1', toolName: 'weather', input: { city: 'Oslo' } } as const;
    const chunks = chunksOf(await readAll(uiMessageStream(from('Let me check.', tool, 'Sunny.'))));
    const [first, second] = startIds(chunks);
    expect(first).not.toBe(second);
    expect(chunks).toEqual([
      { type: 'start' },
      { type: 'text-start', id: first },
      { type: 'text-delta', id: first, delta: 'Let me check.' },
      { type: 'text-end', id: first },
      tool,
      { type: 'text-start', id: second },
      { type: 'text-delta', id: second, delta: 'Sunny.' },
      { type: 'text-end', id: second },
      { type: 'finish' },
      '[DONE]',
    ]);
  });

  it('wraps text and reasoning deltas that have no id, and passes chunks with ids as they are', async () => {
    const chunks = chunksOf(
      await readAll(
        uiMessageStream(
          from(
            { type: 'reasoning-delta', delta: 'Think' },
            { type: 'reasoning-delta', delta: 'ing' },
            { type: 'text-delta', delta: 'Answer' },
            { type: 'text-start', id: 'mine' },
            { type: 'text-delta', id: 'mine', delta: '!' },
            { type: 'text-end', id: 'mine' },
          ),
        ),
      ),
    );
    const [reasoning, text] = startIds(chunks);
    expect(chunks).toEqual([
      { type: 'start' },
      { type: 'reasoning-start', id: reasoning },
      { type: 'reasoning-delta', id: reasoning, delta: 'Think' },
      { type: 'reasoning-delta', id: reasoning, delta: 'ing' },
      { type: 'reasoning-end', id: reasoning },
      { type: 'text-start', id: text },
      { type: 'text-delta', id: text, delta: 'Answer' },
      { type: 'text-end', id: text },
      { type: 'text-start', id: 'mine' },
      { type: 'text-delta', id: 'mine', delta: '!' },
      { type: 'text-end', id: 'mine' },
      { type: 'finish' },
      '[DONE]',
    ]);
  });

  it("sends the source's own start and finish instead of its defaults", async () => {
    const chunks = chunksOf(
      await readAll(uiMessageStream(from({ type: 'start', messageId: 'm1' }, 'Hi', { type: 'finish', finishReason: 'stop' }))),
    );
    const [id] = startIds(chunks);
    expect(chunks).toEqual([
      { type: 'start', messageId: 'm1' },
      { type: 'text-start', id },
      { type: 'text-delta', id, delta: 'Hi' },
      { type: 'text-end', id },
      { type: 'finish', finishReason: 'stop' },
      '[DONE]',
    ]);
  });

  it('sends nothing for an empty string, and start, finish and [DONE] for an empty source', async () => {
    expect(await readAll(uiMessageStream(from('', '')))).toBe('data: {"type":"start"}\n\ndata: {"type":"finish"}\n\ndata: [DONE]\n\n');
  });

  it('ends a throwing source with an error chunk and [DONE], the text so far kept', async () => {
    async function* failing() {
      yield 'partial';
      throw new Error('model overloaded');
    }
    const chunks = chunksOf(await readAll(uiMessageStream(failing())));
    const [id] = startIds(chunks);
    expect(chunks).toEqual([
      { type: 'start' },
      { type: 'text-start', id },
      { type: 'text-delta', id, delta: 'partial' },
      { type: 'error', errorText: 'model overloaded' },
      '[DONE]',
    ]);
  });

  it('lets errorMessage hide internal details', async () => {
    async function* failing(): AsyncGenerator<string> {
      throw new Error('key sk-123 rejected');
    }
    const wire = await readAll(uiMessageStream(failing(), { errorMessage: () => 'model unavailable' }));
    expect(wire).toBe('data: {"type":"start"}\n\ndata: {"type":"error","errorText":"model unavailable"}\n\ndata: [DONE]\n\n');
  });
});

describe('uiMessageStream streaming', () => {
  it('advances the source only when the consumer reads', async () => {
    const counter = countingSource();
    const reader = uiMessageStream(counter.source).getReader();
    await sleep(20);
    expect(counter.yielded).toBe(0);
    for (let k = 1; k <= 5; k++) {
      await reader.read();
      await sleep(5);
      expect(counter.yielded).toBeLessThanOrEqual(k + 1);
    }
    await reader.cancel();
  });

  it('aborts the source and runs its finally when the reader cancels', async () => {
    const counter = countingSource({ everyMs: 10 });
    const reader = uiMessageStream(counter.source).getReader();
    await reader.read();
    await reader.cancel('client left');
    await within(counter.finished, 1000, 'finally');
    expect(counter.signal?.aborted).toBe(true);
    expect(counter.signal?.reason).toBe('client left');
  });

  it('ends without [DONE] when options.signal aborts, and the source stops', async () => {
    const finished = deferred();
    const abort = new AbortController();
    const stream = uiMessageStream(
      async function* (signal) {
        try {
          yield 'a';
          await sleep(60_000, signal);
        } finally {
          finished.resolve();
        }
      },
      { signal: abort.signal },
    );
    const text = readAll(stream);
    await sleep(20);
    abort.abort();
    await within(finished.promise, 1000, 'finally');
    expect(await text).not.toContain('[DONE]');
  });

  it('sends heartbeat comments while the source is idle', async () => {
    async function* slow() {
      await sleep(150);
      yield 'x';
    }
    const wire = await readAll(uiMessageStream(slow(), { heartbeatMs: 20 }));
    expect(wire).toMatch(/^(: heartbeat\n\n){3,}data: \{"type":"start"\}\n\n/);
    expect(wire.endsWith('data: [DONE]\n\n')).toBe(true);
  });
});
