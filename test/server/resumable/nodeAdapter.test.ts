// @vitest-environment node
import { createServer } from 'node:http';
import { createResumableStreams, sendResponse } from 'react-streaming-chat/server';
import { listen } from '../../support/loopback';
import { dataOf, eventReader, take, tokens, waitFor } from './support';

describe('resumable streams over node:http with sendResponse', () => {
  it('a dropped connection leaves the producer running; GET with Last-Event-ID continues; DELETE stops', async () => {
    const streams = createResumableStreams();
    const models: ReturnType<typeof tokens>[] = [];
    const server = await listen(
      createServer(async (req, res) => {
        const url = new URL(req.url!, 'http://localhost');
        const id = url.pathname.split('/')[3] ?? '';
        if (req.method === 'POST') {
          const model = tokens(Number(url.searchParams.get('tokens')), 5);
          models.push(model);
          return sendResponse(res, await streams.start(model.source));
        }
        if (req.method === 'GET') return sendResponse(res, await streams.resume(id, req.headers['last-event-id'] as string | undefined));
        if (req.method === 'DELETE') return sendResponse(res, await streams.stop(id));
      }),
    );
    try {
      const drop = new AbortController();
      const response = await fetch(`${server.url}/api/chat?tokens=40`, { method: 'POST', signal: drop.signal });
      const id = response.headers.get('x-stream-id')!;
      const first = await take(eventReader(response), 4);
      drop.abort();
      const [model] = models;
      await waitFor(() => model!.yielded >= 10, 'the producer going on after the drop');
      expect(model!.signal!.aborted).toBe(false);

      const resumed = await fetch(`${server.url}/api/chat/${id}`, { headers: { 'last-event-id': first.at(-1)!.id! } });
      const rest = await eventReader(resumed).rest();
      expect(dataOf([...first, ...rest])).toEqual(model!.expected);

      const gone = await fetch(`${server.url}/api/chat/${crypto.randomUUID()}`);
      expect(gone.status).toBe(204);

      const second = await fetch(`${server.url}/api/chat?tokens=1000`, { method: 'POST' });
      const reader = eventReader(second);
      await take(reader, 2);
      const stopped = await fetch(`${server.url}/api/chat/${second.headers.get('x-stream-id')}`, { method: 'DELETE' });
      expect(stopped.status).toBe(204);
      expect((await reader.rest()).at(-1)).toMatchObject({ event: 'cancelled' });
      await waitFor(() => models[1]!.finished, 'the stopped producer finishing');
      expect(models[1]!.signal!.aborted).toBe(true);
    } finally {
      await server.close();
    }
  });
});
