import type { Meta, StoryObj } from '@storybook/react-vite';
import { useMemo, useState, useSyncExternalStore } from 'react';
import { StreamingChat } from 'react-streaming-chat';
import { tokenize } from 'react-streaming-chat/msw';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { inPageFetch, mockChatHandler } from './support/mockServer';
import { assistantMessage, expectGrowing, sendMessage, shownText, slow } from './support/play';
import { chatOptionsOf, playgroundArgs, playgroundArgTypes, type PlaygroundArgs } from './support/playgroundArgs';
import { essay } from './support/replies';

type Phase = 'waiting for a request' | 'producing tokens' | 'stopped producing: the client went away' | 'finished the reply';

/** What the mock server is doing, observed from inside its token generator. */
function createServerProbe() {
  let state = { phase: 'waiting for a request' as Phase, produced: 0 };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<typeof state>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };
  return {
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => state,
    /** The reply's tokens; the `finally` runs when the stream is closed early, too. */
    *tokens(reply: string): Generator<string> {
      let completed = false;
      set({ phase: 'producing tokens', produced: 0 });
      try {
        for (const token of tokenize(reply)) {
          set({ produced: state.produced + 1 });
          yield token;
        }
        completed = true;
      } finally {
        set({ phase: completed ? 'finished the reply' : 'stopped producing: the client went away' });
      }
    },
  };
}

function UnmountDemo(args: PlaygroundArgs) {
  const [mounted, setMounted] = useState(true);
  const [probe] = useState(createServerProbe);
  const server = useSyncExternalStore(probe.subscribe, probe.getSnapshot);
  // The chat fetches from the msw handler in the page, not through the service worker: only
  // then does a cancelled reader reach the handler (see `inPageFetch`).
  const fetch = useMemo(
    () => inPageFetch([mockChatHandler('/api/chat', { tokens: () => probe.tokens([essay, essay, essay].join('\n\n')) })]),
    [probe],
  );
  return (
    <>
      <p>
        Send a message, then unmount the chat while it streams. The hook aborts the request on
        unmount; the mock server’s token generator sees the closed stream and runs its{' '}
        <code>finally</code>. (The chat’s <code>fetch</code> answers from the msw handler inside the page:
        through msw’s service worker, a handler never learns that its client went away.)
      </p>
      <p>
        <button type="button" onClick={() => setMounted((value) => !value)}>
          {mounted ? 'Unmount chat' : 'Mount chat'}
        </button>
      </p>
      <p>
        Mock server: <strong data-testid="server-phase">{server.phase}</strong> (tokens produced: {server.produced})
      </p>
      {mounted ? <StreamingChat api="/api/chat" fetch={fetch} {...chatOptionsOf(args)} /> : <p>The chat is unmounted.</p>}
    </>
  );
}

const meta = {
  title: 'Playground/Unmount',
  args: { ...playgroundArgs, tokensPerSecond: 20 },
  argTypes: playgroundArgTypes,
  render: (args) => <UnmountDemo {...args} />,
} satisfies Meta<PlaygroundArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Unmounting a streaming chat aborts its request, and the server stops producing. */
export const UnmountMidStream: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const phase = canvas.getByTestId('server-phase');
    await sendMessage(canvasElement, 'Keep talking');
    const message = await assistantMessage(canvasElement);
    await expectGrowing(message);
    await waitFor(() => expect(shownText(message).length).toBeGreaterThan(80), slow);
    await expect(phase).toHaveTextContent('producing tokens');

    await userEvent.click(canvas.getByRole('button', { name: 'Unmount chat' }));
    await expect(canvas.queryByRole('log')).toBeNull();
    await waitFor(() => expect(phase).toHaveTextContent('stopped producing'), slow);
    await expect(canvas.getByRole('button', { name: 'Mount chat' })).toBeVisible();
  },
};
