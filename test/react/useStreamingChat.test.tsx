import { act, configure, renderHook, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { useStreamingChat, type ChatMessage, type UseStreamingChatOptions } from 'react-streaming-chat';
import { streamingChatHandler } from 'react-streaming-chat/msw';
import { installMswServer } from './mswServer';

// Streams run on real timers and sockets: give a loaded CI machine more than the default second.
configure({ asyncUtilTimeout: 10_000 });

const server = installMswServer();

interface SeenRequest {
  method: string;
  headers: Headers;
  body: unknown;
}

/** Streams `tokens` from `/api/chat`, recording each request. */
function replyWith(tokens: string[], options: { delayMs?: number } = {}) {
  const requests: SeenRequest[] = [];
  server.use(
    streamingChatHandler({
      path: '*/api/chat',
      delayMs: options.delayMs,
      tokens: async ({ request }) => {
        requests.push({ method: request.method, headers: request.headers, body: await request.clone().json() });
        return tokens;
      },
    }),
  );
  return requests;
}

const api = 'http://localhost/api/chat';
const lastMessage = (chat: { messages: ChatMessage[] }) => chat.messages.at(-1)!;

describe('useStreamingChat', () => {
  it('streams the reply in progressively, ends with the exact content, and POSTs the conversation as JSON', async () => {
    const tokens = Array.from({ length: 40 }, (_, i) => `tok${i} `);
    const requests = replyWith(tokens, { delayMs: 5 });
    const seen: string[] = [];
    const { result } = renderHook(() => {
      const chat = useStreamingChat({ api, body: { model: 'm1' }, headers: { 'x-key': 'secret' } });
      const reply = chat.messages[1];
      if (reply && seen.at(-1) !== reply.content) seen.push(reply.content);
      return chat;
    });
    expect(result.current.status).toBe('idle');

    let finished: unknown;
    act(() => {
      finished = result.current.send('Hello');
    });
    expect(result.current.isStreaming).toBe(true);
    await waitFor(() => expect(result.current.status).toBe('done'));

    const final = tokens.join('');
    expect(lastMessage(result.current)).toMatchObject({ role: 'assistant', content: final, status: 'done' });
    await expect(finished).resolves.toMatchObject({ content: final, status: 'done' });
    // Progressive: several renders with growing content, each a prefix of the final one.
    const partial = seen.filter((content) => content !== '' && content !== final);
    expect(partial.length).toBeGreaterThan(2);
    for (const content of seen) expect(final.startsWith(content)).toBe(true);
    expect(result.current.isStreaming).toBe(false);
    expect(result.current.stats.tokensReceived).toBe(tokens.length);

    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.method).toBe('POST');
    expect(request!.headers.get('content-type')).toBe('application/json');
    expect(request!.headers.get('x-key')).toBe('secret');
    expect(request!.body).toEqual({ messages: [{ role: 'user', content: 'Hello' }], model: 'm1' });
  });

  it('takes new body and headers on the next send, without a new controller', async () => {
    const requests = replyWith(['ok']);
    const { result, rerender } = renderHook((options: UseStreamingChatOptions) => useStreamingChat(options), {
      initialProps: { api, body: { model: 'a' }, headers: { 'x-v': '1' } },
    });
    const controller = result.current.controller;
    await act(() => result.current.send('one'));

    rerender({ api, body: { model: 'b' }, headers: { 'x-v': '2' } });
    await act(() => result.current.send('two'));

    expect(result.current.controller).toBe(controller);
    expect(requests.map((request) => (request.body as { model: string }).model)).toEqual(['a', 'b']);
    expect(requests.map((request) => request.headers.get('x-v'))).toEqual(['1', '2']);
    expect((requests[1]!.body as { messages: unknown[] }).messages).toEqual([
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'two' },
    ]);
  });

  it('takes a new api on the next send', async () => {
    replyWith(['first']);
    server.use(streamingChatHandler({ path: '*/api/other', tokens: ['second'] }));
    const { result, rerender } = renderHook((options: UseStreamingChatOptions) => useStreamingChat(options), {
      initialProps: { api },
    });
    await act(() => result.current.send('a'));
    rerender({ api: 'http://localhost/api/other' });
    await act(() => result.current.send('b'));
    expect(result.current.messages.map((message) => message.content)).toEqual(['a', 'first', 'b', 'second']);
  });

  it('calls the latest callbacks, even when the props changed while the request was in flight', async () => {
    replyWith(['a', 'b', 'c'], { delayMs: 20 });
    const first = vi.fn();
    const second = vi.fn();
    const onToken = vi.fn();
    const { result, rerender } = renderHook((options: UseStreamingChatOptions) => useStreamingChat(options), {
      initialProps: { api, onFinish: first } as UseStreamingChatOptions,
    });
    let done!: Promise<unknown>;
    act(() => {
      done = result.current.send('go');
    });
    rerender({ api, onFinish: second, onToken });
    await act(() => done);

    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    expect(second.mock.calls[0]![0]).toMatchObject({ content: 'abc', status: 'done' });
    expect(onToken.mock.calls.map(([token]) => token)).toEqual(['a', 'b', 'c']);
  });

  it('keeps send, cancel, retry, reset and the controller across renders and state changes', async () => {
    replyWith(['x', 'y']);
    const { result, rerender } = renderHook((options: UseStreamingChatOptions) => useStreamingChat(options), {
      initialProps: { api } as UseStreamingChatOptions,
    });
    const before = result.current;
    rerender({ api, body: { other: true } });
    await act(() => result.current.send('hi'));
    const after = result.current;
    expect(after).not.toBe(before);
    expect(after.messages).toHaveLength(2);
    for (const key of ['send', 'cancel', 'retry', 'reset', 'controller'] as const) expect(after[key]).toBe(before[key]);
  });

  it('returns the same object while nothing changed', () => {
    const { result, rerender } = renderHook(() => useStreamingChat({ api }));
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
  });

  it('retry re-runs the last user message; reset clears', async () => {
    const requests = replyWith(['again']);
    const { result } = renderHook(() => useStreamingChat({ api }));
    await act(() => result.current.send('q'));
    await act(() => result.current.retry());
    expect(result.current.messages.map((message) => message.content)).toEqual(['q', 'again']);
    expect(requests).toHaveLength(2);
    act(() => result.current.reset());
    expect(result.current).toMatchObject({ messages: [], status: 'idle', isStreaming: false });
  });

  it('cancel() is a user cancel, whatever it is called with', async () => {
    server.use(streamingChatHandler({ path: '*/api/chat', tokens: ['a', 'b'], fault: { stallAfter: 2 } }));
    const onCancel = vi.fn();
    const { result } = renderHook(() => useStreamingChat({ api, onCancel }));
    let done!: Promise<unknown>;
    act(() => {
      done = result.current.send('go');
    });
    await waitFor(() => expect(lastMessage(result.current).content).toBe('ab'));
    // As `onClick={chat.cancel}` would call it.
    act(() => (result.current.cancel as (event: unknown) => void)({ type: 'click' }));
    await act(() => done);
    expect(result.current).toMatchObject({ status: 'cancelled', error: undefined });
    expect(lastMessage(result.current)).toMatchObject({ content: 'ab', status: 'cancelled' });
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onCancel.mock.calls[0]![0]).toBe('user');
  });

  it('aborts with reason "unmount" when the component unmounts', async () => {
    server.use(streamingChatHandler({ path: '*/api/chat', tokens: ['a'], fault: { stallAfter: 1 } }));
    const onCancel = vi.fn();
    const { result, unmount } = renderHook(() => useStreamingChat({ api, onCancel }));
    let done!: Promise<unknown>;
    act(() => {
      done = result.current.send('go');
    });
    await waitFor(() => expect(lastMessage(result.current).content).toBe('a'));
    unmount();
    await expect(done).resolves.toMatchObject({ status: 'cancelled', content: 'a' });
    expect(onCancel).toHaveBeenCalledWith('unmount', expect.objectContaining({ content: 'a' }));
  });

  it('under StrictMode sends once and the remounted hook keeps working', async () => {
    const requests = replyWith(['fine']);
    const { result } = renderHook(() => useStreamingChat({ api }), { wrapper: StrictMode });
    await act(() => result.current.send('one'));
    expect(requests).toHaveLength(1);
    expect(result.current).toMatchObject({ status: 'done' });
    await act(() => result.current.send('two'));
    expect(requests).toHaveLength(2);
    expect(result.current.messages.map((message) => message.content)).toEqual(['one', 'fine', 'two', 'fine']);
  });

  it('reports an HTTP error as status error, with the error', async () => {
    server.use(streamingChatHandler({ path: '*/api/chat', fault: { status: 503, body: 'busy' } }));
    const onError = vi.fn();
    const { result } = renderHook(() => useStreamingChat({ api, onError }));
    await act(() => result.current.send('go'));
    expect(result.current.status).toBe('error');
    expect(result.current.error).toMatchObject({ kind: 'http', status: 503, body: 'busy' });
    expect(lastMessage(result.current).status).toBe('error');
    expect(onError).toHaveBeenCalledTimes(1);
  });
});
