// The hook and resumable streams, on a real loopback server (createResumableStreams +
// sendResponse): what unmounting does (onUnmount), and a resume on mount under StrictMode.
import { act, configure, render, renderHook, screen, waitFor } from '@testing-library/react';
import { StrictMode, useEffect } from 'react';
import { useStreamingChat, type UseStreamingChatOptions } from 'react-streaming-chat';
import { ChatController } from 'react-streaming-chat/core';
import { endlessSource, resumableServer, tokenSource, words, type Model, type ResumableServer } from '../resumable/harness';

configure({ asyncUtilTimeout: 10_000 });

let server: ResumableServer;
let api: string;
beforeEach(async () => {
  server = await resumableServer();
  api = `${server.url}/chat`;
});
afterEach(async () => {
  await server.close();
});

const aborted = (model: Model) =>
  new Promise<void>((resolve) => {
    if (model.signal!.aborted) resolve();
    else model.signal!.addEventListener('abort', () => resolve(), { once: true });
  });

/** Mounts the hook, sends, and waits for the stream to be live. */
async function streamingHook(options: Partial<UseStreamingChatOptions>) {
  server.reply(endlessSource(words(3), 10));
  const hook = renderHook(() => useStreamingChat({ api, ...options }));
  let done!: ReturnType<typeof hook.result.current.send>;
  act(() => {
    done = hook.result.current.send('hello');
  });
  await waitFor(() => expect(hook.result.current.messages.at(-1)!.content).toContain('more1 '));
  const model = server.models[0]!;
  return { ...hook, done, model, streamId: hook.result.current.messages.at(-1)!.streamId! };
}

describe('useStreamingChat with a resumable stream', () => {
  it("onUnmount: 'stop' (the default): unmounting sends the DELETE and the model stops", async () => {
    const { unmount, done, model, streamId } = await streamingHook({ onUnmount: 'stop' });
    unmount();
    expect((await done).status).toBe('cancelled');
    const deleted = await server.received('DELETE');
    expect(deleted.path).toBe(`/chat/${streamId}`);
    await aborted(model);
  });

  it("onUnmount: 'detach': unmounting only drops the connection; the stream stays resumable", async () => {
    const { unmount, done, model, streamId } = await streamingHook({ onUnmount: 'detach' });
    unmount();
    expect((await done).status).toBe('cancelled');
    await model.closed;
    expect(server.requests.map((request) => request.method)).toEqual(['POST']);
    expect(model.signal!.aborted).toBe(false);

    // Another page picks it up, live.
    const again = new ChatController({ api });
    const resumed = again.resume(streamId);
    const later = `more${model.yielded} `;
    await waitFor(() => expect(again.getSnapshot().messages.at(-1)?.content).toContain(later));
    again.cancel();
    expect((await resumed)!.status).toBe('cancelled');
    await aborted(model);
  });

  it('StrictMode: useEffect(() => { chat.resume(id) }, []) runs one GET and no DELETE', async () => {
    // A reply left running by a page that was reloaded.
    const tokens = words(40);
    server.reply(tokenSource(tokens, 5));
    const first = new ChatController({ api, onUnmount: 'detach' });
    const sent = first.send('hello');
    await waitFor(() => expect(first.getSnapshot().messages.at(-1)!.content).toContain('t3 '));
    first.cancel('unmount');
    const persisted = (await sent) && first.getSnapshot().messages;
    const { streamId } = persisted.at(-1)!;

    function Page() {
      const chat = useStreamingChat({ api, initialMessages: persisted });
      useEffect(() => {
        void chat.resume(streamId!);
      }, []);
      const reply = chat.messages.at(-1)!;
      return (
        <p data-testid="reply" data-status={reply.status} data-count={chat.messages.length}>
          {reply.content}
        </p>
      );
    }
    const view = render(
      <StrictMode>
        <Page />
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('reply').dataset.status).toBe('done'));
    expect(screen.getByTestId('reply').textContent).toBe(tokens.join(''));
    expect(screen.getByTestId('reply').dataset.count).toBe('2');
    const methods = server.requests.map((request) => request.method);
    expect(methods).toEqual(['POST', 'GET']);
    view.unmount();
    // Unmounting after the end stops nothing.
    await act(async () => {});
    expect(server.requests.map((request) => request.method)).toEqual(['POST', 'GET']);
  });
});
