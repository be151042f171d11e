import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useMemo, useState, useSyncExternalStore, type FormEvent } from 'react';
import { CancelButton, StreamingMessage, useStreamingChat, type ChatMessage } from 'react-streaming-chat';
import { tokenize } from 'react-streaming-chat/msw';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { inPageFetch } from './support/mockServer';
import { sendMessage, shownText, slow } from './support/play';
import { essay } from './support/replies';
import { resumableMock, type ResumableMock } from './support/resumableMock';

/** The mock model's reply to `prompt`: the prompt, then the essay's first paragraph. */
const replyTo = (prompt: string) => `You asked: ${prompt}\n\n${essay.split('\n\n')[0]}`;

interface ChatProps {
  mock: ResumableMock;
  fetch: typeof fetch;
  /** The conversation as the last page saved it. */
  saved: ChatMessage[];
  save(messages: ChatMessage[]): void;
}

/** One "page": a chat that saves its conversation and, when mounted after a reload, resumes. */
function Chat({ fetch, saved, save }: ChatProps) {
  const chat = useStreamingChat({
    api: '/api/chat',
    fetch,
    initialMessages: saved,
    // A reload must not stop the reply: it runs on at the server, to be resumed.
    onUnmount: 'detach',
  });
  const [input, setInput] = useState('');
  // The stream replays from its start on a resume: saving at each status change is enough.
  useEffect(() => {
    save(chat.messages);
  }, [chat.status]);
  useEffect(() => {
    const last = saved.at(-1);
    if (last?.streamId && last.status === 'streaming') void chat.resume(last.streamId);
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!input.trim()) return;
    void chat.send(input);
    setInput('');
  };
  const streamId = chat.messages.findLast((message) => message.streamId)?.streamId;
  return (
    <section aria-label="Chat">
      <dl className="pg-facts">
        <dt>Status</dt>
        <dd data-testid="status">{chat.status}</dd>
        <dt>Reconnects (this page)</dt>
        <dd data-testid="reconnects">{chat.stats.reconnects}</dd>
        <dt>Stream id</dt>
        <dd>
          <code>{streamId ?? '–'}</code>
        </dd>
      </dl>
      <div role="log" aria-label="Conversation" className="rsc-log">
        {chat.messages.map((message) => (
          <StreamingMessage key={message.id} message={message} />
        ))}
      </div>
      <form onSubmit={submit}>
        <input aria-label="Message" value={input} onChange={(event) => setInput(event.target.value)} />{' '}
        <button type="submit" disabled={chat.isStreaming}>
          Send
        </button>{' '}
        <CancelButton chat={chat} />
      </form>
    </section>
  );
}

function FlakyNetworkDemo() {
  const [mock] = useState(() => resumableMock({ path: '/api/chat', tokens: (prompt) => tokenize(replyTo(prompt)), delayMs: 40 }));
  // In the page, not through the service worker, so that a cut body errors the client's reader
  // and a DELETE reaches the mock at once (see `inPageFetch`).
  const fetch = useMemo(() => inPageFetch(mock.handlers), [mock]);
  const { requests } = useSyncExternalStore(mock.subscribe, mock.getSnapshot);
  const [page, setPage] = useState({ generation: 0, saved: [] as ChatMessage[] });
  const [store] = useState(() => ({ saved: [] as ChatMessage[] }));
  const [cuts, setCuts] = useState(0);

  return (
    <>
      <p>
        A resumable chat against a mock server that runs <code>createResumableStreams</code> in the page (msw
        handlers, memory store). <strong>Cut the connection</strong> errors every response body in flight: the chat
        reconnects with <code>Last-Event-ID</code> and the reply goes on in the same message.{' '}
        <strong>Reload</strong> remounts the chat with the conversation it saved; the new chat calls{' '}
        <code>resume(streamId)</code> and the reply streams again from its start into the saved message.
      </p>
      <p>
        <button type="button" onClick={() => setCuts((count) => count + mock.cut())}>
          Cut the connection
        </button>{' '}
        <button type="button" onClick={() => setPage(({ generation }) => ({ generation: generation + 1, saved: store.saved }))}>
          Reload
        </button>{' '}
        <span data-testid="cuts">Connections cut: {cuts}</span> · <span data-testid="reloads">Reloads: {page.generation}</span>
      </p>
      <Chat
        key={page.generation}
        mock={mock}
        fetch={fetch}
        saved={page.saved}
        save={(messages) => {
          store.saved = messages;
        }}
      />
      <h2>Requests the server saw</h2>
      <ol aria-label="Requests" data-testid="requests">
        {requests.map((request, index) => (
          <li key={index}>
            <code>
              {request.method} {request.path}
              {request.lastEventId ? ` (Last-Event-ID: ${request.lastEventId})` : ''} → {request.status}
            </code>
          </li>
        ))}
      </ol>
    </>
  );
}

const meta = {
  title: 'Playground/Flaky network',
  render: () => <FlakyNetworkDemo />,
} satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

const assistants = (canvasElement: HTMLElement) => [...canvasElement.querySelectorAll<HTMLElement>('[data-role="assistant"]')];

/** A cut mid-reply reconnects in place; a reload mid-reply resumes into the saved message. */
export const FlakyNetwork: Story = {
  name: 'Flaky network',
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const status = canvas.getByTestId('status');

    // A cut: the reply reconnects, stays streaming, and completes exactly.
    await sendMessage(canvasElement, 'first');
    await waitFor(() => expect(shownText(assistants(canvasElement)[0]!).length).toBeGreaterThan(40), slow);
    await userEvent.click(canvas.getByRole('button', { name: 'Cut the connection' }));
    await expect(canvas.getByTestId('cuts')).toHaveTextContent('Connections cut: 1');
    await waitFor(() => expect(canvas.getByTestId('reconnects')).toHaveTextContent('1'), slow);
    await expect(status).toHaveTextContent('streaming');
    await waitFor(() => expect(assistants(canvasElement)[0]).toHaveAttribute('data-status', 'done'), slow);
    await expect(shownText(assistants(canvasElement)[0]!)).toBe(replyTo('first'));
    await expect(canvas.getByTestId('requests')).toHaveTextContent(/GET \/api\/chat\/[\w-]+ \(Last-Event-ID: \d+\)/);

    // A reload mid-reply: one message, resumed from the start, never a duplicate.
    await sendMessage(canvasElement, 'second');
    await waitFor(() => expect(shownText(assistants(canvasElement)[1]!).length).toBeGreaterThan(40), slow);
    await userEvent.click(canvas.getByRole('button', { name: 'Reload' }));
    await expect(canvas.getByTestId('reloads')).toHaveTextContent('Reloads: 1');
    await waitFor(() => expect(assistants(canvasElement)[1]).toHaveAttribute('data-status', 'done'), slow);
    await expect(assistants(canvasElement)).toHaveLength(2);
    await expect(shownText(assistants(canvasElement)[1]!)).toBe(replyTo('second'));
    await expect(shownText(assistants(canvasElement)[0]!)).toBe(replyTo('first'));
    await expect(canvas.getByTestId('reconnects')).toHaveTextContent('0');
    const requests = [...canvas.getByTestId('requests').querySelectorAll('li')].map((item) => item.textContent ?? '');
    await expect(requests.filter((text) => text.startsWith('DELETE'))).toEqual([]);
    await expect(requests.at(-1)).toMatch(/^GET \/api\/chat\/[\w-]+ → 200$/);
  },
};
