import { inject } from 'vitest';
import { dataOf, eventReader, take } from '../server/resumable/support';

// The README's Next.js routes with Redis, called as Next.js calls them.
let routes: {
  POST: typeof import('../readme/snippets/resumableRoute').POST;
  GET: typeof import('../readme/snippets/resumableIdRoute').GET;
  DELETE: typeof import('../readme/snippets/resumableIdRoute').DELETE;
};
beforeAll(async () => {
  vi.stubEnv('REDIS_URL', inject('redisUrl'));
  const { POST } = await import('../readme/snippets/resumableRoute');
  const { GET, DELETE } = await import('../readme/snippets/resumableIdRoute');
  routes = { POST, GET, DELETE };
});
afterAll(() => {
  vi.unstubAllEnvs();
});

const words = (count: number) => Array.from({ length: count }, (_, i) => `word${i}`).join(' ');
const as = (user: string | undefined, init: RequestInit = {}) =>
  new Request('http://localhost/api/chat', { ...init, headers: { ...(user ? { 'x-user-id': user } : {}), ...init.headers } });
const context = (id: string) => ({ params: Promise.resolve({ id }) });
const start = (user: string | undefined, prompt: string) =>
  routes.POST(as(user, { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content: prompt }] }) }));

describe('README: resumable Next.js routes with Redis', () => {
  it('POST starts a stream; its owner resumes it after Last-Event-ID; nobody else can', async () => {
    expect((await start(undefined, 'Hi')).status).toBe(401);
    const prompt = words(20);
    const response = await start('ann', prompt);
    const id = response.headers.get('x-stream-id')!;
    const first = eventReader(response);
    const before = await take(first, 4);
    await first.cancel();

    expect((await routes.GET(as('bob'), context(id))).status).toBe(404);
    expect((await routes.DELETE(as('bob', { method: 'DELETE' }), context(id))).status).toBe(404);
    const resumed = await routes.GET(as('ann', { headers: { 'last-event-id': before.at(-1)!.id! } }), context(id));
    const rest = await eventReader(resumed).rest();
    expect(dataOf([...before, ...rest]).join('')).toBe(prompt);
    expect(rest.at(-1)).toMatchObject({ event: 'done' });
  });

  it("DELETE by the owner stops the model; readers end with event: cancelled", async () => {
    const response = await start('ann', words(200));
    const reader = eventReader(response);
    await take(reader, 2);
    const stopped = await routes.DELETE(as('ann', { method: 'DELETE' }), context(response.headers.get('x-stream-id')!));
    expect(stopped.status).toBe(204);
    const rest = await reader.rest();
    expect(rest.at(-1)).toMatchObject({ event: 'cancelled' });
    expect(dataOf(rest).length).toBeLessThan(198);
  });
});
