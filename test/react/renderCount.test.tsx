import { configure, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Profiler } from 'react';
import { StreamingMessage, useStreamingChat, type ChatMessage, type UseStreamingChatResult } from 'react-streaming-chat';
import { streamingChatHandler } from 'react-streaming-chat/msw';
import { installMswServer } from './mswServer';

// Streams run on real timers and sockets: give a loaded CI machine more than the default second.
configure({ asyncUtilTimeout: 10_000 });

const server = installMswServer();
const api = 'http://localhost/api/chat';
const burst = Array.from({ length: 5000 }, (_, i) => `t${i} `);

/** Calls of a render prop, per message id. */
const rendersOf = new Map<string, number>();
const renderText = (content: string, message: ChatMessage) => {
  rendersOf.set(message.id, (rendersOf.get(message.id) ?? 0) + 1);
  return content;
};

let chat!: UseStreamingChatResult;
function Chat() {
  chat = useStreamingChat({ api });
  return (
    <>
      <button type="button" onClick={() => void chat.send('go')}>
        Go
      </button>
      <div role="log">
        {chat.messages.map((message) => (
          <StreamingMessage key={message.id} message={message} render={renderText} />
        ))}
      </div>
    </>
  );
}

/** Sends once and counts React commits from the click to the end of the exchange. */
async function countCommits() {
  let commits = 0;
  render(
    <Profiler id="chat" onRender={() => commits++}>
      <Chat />
    </Profiler>,
  );
  const user = userEvent.setup();
  commits = 0;
  await user.click(screen.getByRole('button', { name: 'Go' }));
  await waitFor(() => expect(chat.status).toBe('done'));
  return commits;
}

beforeEach(() => rendersOf.clear());

describe('render cost', () => {
  it('a 5,000-token burst in one chunk costs a handful of commits', async () => {
    server.use(streamingChatHandler({ path: '*/api/chat', tokens: burst, tokensPerChunk: burst.length }));
    const commits = await countCommits();
    const reply = chat.messages.at(-1)!;
    expect(reply.content).toBe(burst.join(''));
    expect(chat.stats.tokensReceived).toBe(5000);
    // click, connecting, streaming, one commit per flush, done (a commit may cover several).
    expect(commits).toBeLessThanOrEqual(chat.stats.flushes + 4);
    expect(commits).toBeLessThanOrEqual(20);
  });

  it('a 5,000-token burst of one token per read costs at most one commit per flush', async () => {
    server.use(streamingChatHandler({ path: '*/api/chat', tokens: burst }));
    const commits = await countCommits();
    expect(chat.messages.at(-1)!.content).toBe(burst.join(''));
    expect(chat.stats.chunks).toBeGreaterThanOrEqual(5000);
    expect(commits).toBeLessThanOrEqual(chat.stats.flushes + 4);
    expect(commits).toBeLessThan(200);
  });

  it('a finished message does not render again while the next one streams', async () => {
    server.use(streamingChatHandler({ path: '*/api/chat', tokens: burst.slice(0, 300), delayMs: 2 }));
    await countCommits();
    const first = chat.messages[1]!;
    const firstRenders = rendersOf.get(first.id)!;
    expect(firstRenders).toBeGreaterThan(0);

    await userEvent.click(screen.getByRole('button', { name: 'Go' }));
    await waitFor(() => expect(chat.status).toBe('done'));
    const second = chat.messages[3]!;
    expect(second.content).toBe(first.content);
    expect(rendersOf.get(second.id)).toBeGreaterThan(2);
    expect(rendersOf.get(first.id)).toBe(firstRenders);
    // The user message too stays still.
    expect(rendersOf.get(chat.messages[0]!.id)).toBe(1);
  });
});
