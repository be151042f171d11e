import type { Meta, StoryObj } from '@storybook/react-vite';
import { useStreamingChat, type StreamErrorKind } from 'react-streaming-chat';
import { tokenize, type WireProtocol } from 'react-streaming-chat/msw';
import { expect, within } from 'storybook/test';
import { ChatState, Composer, MessageLog, useBroadcast, useSendOnBroadcast, type Broadcast } from './support/ChatParts';
import { mockChatHandler, type MockReply } from './support/mockServer';
import { assistantMessage, expectStatus, sendMessage, shownText } from './support/play';
import { chatOptionsOf, playgroundArgs, playgroundArgTypes, type PlaygroundArgs } from './support/playgroundArgs';
import { essay } from './support/replies';

interface ErrorGalleryArgs extends PlaygroundArgs {
  /** The client's `idleTimeoutMs`, for the stalled stream. */
  idleTimeoutMs: number;
}

interface ErrorCase {
  title: string;
  path: string;
  /** What the server does wrong. */
  reply: MockReply;
  /** What the client should call it. */
  kind: (protocol: WireProtocol) => StreamErrorKind;
  /** Tokens the client receives before it goes wrong. */
  tokensBefore: number;
}

const PARTIAL = 24;

const cases: ErrorCase[] = [
  {
    title: 'HTTP 500',
    path: '/api/errors/500',
    reply: { fault: { status: 500, body: 'The model is overloaded, try again later.' } },
    kind: () => 'http',
    tokensBefore: 0,
  },
  {
    title: 'Connection dropped',
    path: '/api/errors/drop',
    reply: { reply: essay, fault: { dropAfter: PARTIAL } },
    kind: () => 'network',
    tokensBefore: PARTIAL,
  },
  {
    title: 'Malformed frame',
    path: '/api/errors/malformed',
    reply: { reply: essay, fault: { malformedAt: PARTIAL } },
    // SSE has nothing a parser must reject; the mock sends an `event: error` frame instead.
    kind: (protocol) => (protocol === 'sse' ? 'server' : 'protocol'),
    tokensBefore: PARTIAL,
  },
  {
    title: 'Idle timeout',
    path: '/api/errors/stall',
    reply: { reply: essay, fault: { stallAfter: PARTIAL } },
    kind: () => 'timeout',
    tokensBefore: PARTIAL,
  },
];

function ErrorPanel({ errorCase, args, broadcast }: { errorCase: ErrorCase; args: ErrorGalleryArgs; broadcast?: Broadcast }) {
  const { idleTimeoutMs, ...playground } = args;
  const chat = useStreamingChat({ api: errorCase.path, idleTimeoutMs, ...chatOptionsOf(playground) });
  useSendOnBroadcast(chat, broadcast);
  const reply = chat.messages.findLast((message) => message.role === 'assistant');
  return (
    <section aria-label={errorCase.title} data-testid={errorCase.path}>
      <h2>{errorCase.title}</h2>
      <p>
        Expected: <code>{errorCase.kind(args.protocol)}</code> error
        {errorCase.tokensBefore > 0 && `, after ${errorCase.tokensBefore} tokens`}.
      </p>
      <MessageLog label={`${errorCase.title} conversation`} messages={chat.messages} />
      <ChatState chat={chat} />
      {reply && chat.status === 'error' && (
        <p>
          Kept: {reply.content.length} characters{reply.content ? '' : ' (the server refused before streaming)'}.
        </p>
      )}
    </section>
  );
}

function ErrorGallery(args: ErrorGalleryArgs) {
  const [broadcast, sendToAll] = useBroadcast();
  return (
    <>
      <p>
        One message goes to four mock servers that fail in four ways. Each reply keeps the text that
        arrived before the failure, is marked “error”, and the chat’s <code>error</code> says what happened.
      </p>
      <Composer onSend={sendToAll} sendLabel="Send to all" />
      <div className="pg-grid">
        {cases.map((errorCase) => (
          <ErrorPanel key={errorCase.path} errorCase={errorCase} args={args} broadcast={broadcast} />
        ))}
      </div>
    </>
  );
}

const meta = {
  title: 'Playground/Errors',
  args: { ...playgroundArgs, protocol: 'openai', idleTimeoutMs: 1500 },
  argTypes: {
    ...playgroundArgTypes,
    // Plain text has no frames to break.
    protocol: { ...playgroundArgTypes.protocol, options: ['sse', 'ndjson', 'openai', 'anthropic'] },
    idleTimeoutMs: {
      name: 'idleTimeoutMs',
      description: 'The client gives up after this long without a byte (the stalled stream).',
      control: { type: 'range', min: 250, max: 10_000, step: 250 },
    },
  },
  parameters: { msw: { handlers: cases.map(({ path, reply }) => mockChatHandler(path, reply)) } },
  render: (args) => <ErrorGallery {...args} />,
} satisfies Meta<ErrorGalleryArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A 500, a dropped connection, a malformed frame and a stall: partial content kept, error shown. */
export const Gallery: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await sendMessage(canvasElement, 'Break, please', 'Send to all');
    for (const errorCase of cases) {
      const panel = canvas.getByRole('region', { name: errorCase.title });
      const message = await assistantMessage(panel);
      await expectStatus(message, 'error');
      await expect(within(message).getByText('error')).toBeVisible();
      await expect(within(panel).getByTestId('chat-error')).toHaveTextContent(errorCase.kind(args.protocol));
      // Exactly the tokens sent before the failure: nothing lost, nothing invented.
      await expect(shownText(message)).toBe(tokenize(essay).slice(0, errorCase.tokensBefore).join(''));
    }
  },
};
