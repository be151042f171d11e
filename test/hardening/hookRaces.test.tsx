// Races through the React hook, against a real loopback server.
import { act, renderHook, waitFor } from '@testing-library/react';
import { useStreamingChat, type AbortReason, type ChatMessage } from 'react-streaming-chat';
import { guardUnhandledRejections, openSSE, serve, sleep, sse, DONE } from './harness';

guardUnhandledRejections();

const words = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i} `);

/** Streams `words(<the user's text>, count)`, a token every `delayMs`, then done. */
async function echoServer(count: number, delayMs: number) {
  return serve(async ({ res, body }) => {
    const { messages } = JSON.parse(await body) as { messages: { content: string }[] };
    openSSE(res);
    for (const token of words(messages.at(-1)!.content, count)) {
      await sleep(delayMs);
      if (res.destroyed) return;
      res.write(sse(token));
    }
    res.end(DONE);
  });
}

describe('useStreamingChat races', () => {
  it('unmount during connect: the request is aborted (server sees close), cancelled as unmount, nothing after', async () => {
    const errors = vi.spyOn(console, 'error');
    try {
      const server = await serve(() => {});
      const onCancel = vi.fn<(reason: AbortReason, message: ChatMessage) => void>();
      let renders = 0;
      const { result, unmount } = renderHook(() => {
        renders++;
        return useStreamingChat({ api: `${server.url}/chat`, onCancel });
      });
      let sent!: Promise<ChatMessage>;
      act(() => {
        sent = result.current.send('hello');
      });
      expect(result.current.status).toBe('connecting');
      const { closed } = await server.arrival(1);
      const rendersBefore = renders;
      unmount();
      expect(await closed).toBe(true);
      expect(await sent).toMatchObject({ role: 'assistant', status: 'cancelled', content: '' });
      expect(onCancel).toHaveBeenCalledTimes(1);
      expect(onCancel.mock.calls[0]![0]).toBe('unmount');
      expect(result.current.controller.getSnapshot()).toMatchObject({ status: 'cancelled', isStreaming: false });
      await sleep(30);
      expect(renders).toBe(rendersBefore);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it('two hooks stream at once, independently: cancel one, the other completes exactly', async () => {
    const server = await echoServer(40, 8);
    const api = `${server.url}/chat`;
    const a = renderHook(() => useStreamingChat({ api }));
    const b = renderHook(() => useStreamingChat({ api }));
    let doneA!: Promise<ChatMessage>;
    let doneB!: Promise<ChatMessage>;
    act(() => {
      doneA = a.result.current.send('a');
      doneB = b.result.current.send('b');
    });
    await waitFor(() => expect(a.result.current.messages[1]!.content).toContain('a2 '));
    await waitFor(() => expect(b.result.current.messages[1]!.content).toContain('b2 '));
    act(() => a.result.current.cancel());

    const cancelled = await doneA;
    expect(cancelled.status).toBe('cancelled');
    expect(words('a', 40).join('').startsWith(cancelled.content)).toBe(true);
    const [first, second] = server.exchanges;
    const [ofA, ofB] = (await first!.body).includes('"content":"a"') ? [first!, second!] : [second!, first!];
    expect(await ofA.closed).toBe(true);
    expect(b.result.current.status).toBe('streaming');

    await act(() => doneB);
    expect(b.result.current.status).toBe('done');
    expect(b.result.current.messages[1]).toMatchObject({ status: 'done', content: words('b', 40).join('') });
    expect(await ofB.closed).toBe(false);
    // A stayed as it was when cancelled.
    expect(a.result.current.status).toBe('cancelled');
    expect(a.result.current.messages[1]).toEqual(cancelled);
    a.unmount();
    b.unmount();
  });

  it('cancel() from inside onToken: exactly the tokens up to that one, then the connection closes', async () => {
    const server = await echoServer(100, 5);
    let cancel!: () => void;
    const onToken = vi.fn((token: string) => {
      if (token === 'x3 ') cancel();
    });
    const { result, unmount } = renderHook(() => useStreamingChat({ api: `${server.url}/chat`, onToken }));
    cancel = result.current.cancel;
    let sent!: Promise<ChatMessage>;
    act(() => {
      sent = result.current.send('x');
    });
    await act(() => sent);
    expect(result.current.status).toBe('cancelled');
    expect(result.current.error).toBeUndefined();
    expect(result.current.messages[1]).toMatchObject({ status: 'cancelled', content: 'x0 x1 x2 x3 ' });
    expect(onToken).toHaveBeenCalledTimes(4);
    expect(await server.exchanges[0]!.closed).toBe(true);
    unmount();
  });
});
