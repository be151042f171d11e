// @vitest-environment node
import { createResumableChatServer } from './snippets/resumableNodeServer';
import type { Message } from './snippets/model';
import { dataOf, eventReader, take, waitFor } from '../server/resumable/support';
import { listenOn } from './support';

// The recipe's model, watched: how far it got, and whether its signal aborted.
const model = vi.hoisted(() => ({ calls: [] as { signal: AbortSignal; yielded: number; closed: boolean }[] }));

vi.mock('./snippets/model', async (importOriginal) => {
  const original = await importOriginal<typeof import('./snippets/model')>();
  return {
    ...original,
    async *streamAnswer(messages: Message[], signal: AbortSignal) {
      const call = { signal, yielded: 0, closed: false };
      model.calls.push(call);
      try {
        for await (const token of original.streamAnswer(messages, signal)) {
          call.yielded++;
          yield token;
        }
      } finally {
        call.closed = true;
      }
    },
  };
});

const words = (count: number) => Array.from({ length: count }, (_, i) => `word${i}`).join(' ');
const post = (url: string, prompt: string, signal?: AbortSignal) =>
  fetch(`${url}/api/chat`, { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content: prompt }] }), signal });

describe('README: resumable streams over node:http', () => {
  let url: string;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ url, close } = await listenOn(createResumableChatServer()));
    model.calls.length = 0;
  });
  afterEach(() => close());

  it('a dropped connection leaves the model running; GET with Last-Event-ID continues the reply exactly', async () => {
    const prompt = words(30);
    const drop = new AbortController();
    const response = await post(url, prompt, drop.signal);
    const id = response.headers.get('x-stream-id')!;
    const before = await take(eventReader(response), 5);
    drop.abort();
    await waitFor(() => model.calls[0]!.yielded >= 10, 'the model going on after the drop');

    const resumed = await fetch(`${url}/api/chat/${id}`, { headers: { 'last-event-id': before.at(-1)!.id! } });
    const rest = await eventReader(resumed).rest();
    expect(dataOf([...before, ...rest]).join('')).toBe(prompt);
    expect(rest.at(-1)).toMatchObject({ event: 'done' });
    expect(model.calls[0]!.signal.aborted).toBe(false);
  });

  it('DELETE stops the model: the reader ends with event: cancelled, the model signal aborts', async () => {
    const response = await post(url, words(200));
    const reader = eventReader(response);
    await take(reader, 2);
    const stopped = await fetch(`${url}/api/chat/${response.headers.get('x-stream-id')}`, { method: 'DELETE' });
    expect(stopped.status).toBe(204);
    expect((await reader.rest()).at(-1)).toMatchObject({ event: 'cancelled' });
    await waitFor(() => model.calls[0]!.closed, "the model's finally");
    expect(model.calls[0]!.signal.aborted).toBe(true);
    expect(model.calls[0]!.yielded).toBeLessThan(200);
  });

  it('GET of an unknown stream is a 204; other paths are 404', async () => {
    expect((await fetch(`${url}/api/chat/${crypto.randomUUID()}`)).status).toBe(204);
    expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
  });
});
