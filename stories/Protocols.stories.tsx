import type { Meta, StoryObj } from '@storybook/react-vite';
import { useStreamingChat } from 'react-streaming-chat';
import { wireProtocols, type MockChatContext, type WireProtocol } from 'react-streaming-chat/msw';
import { expect, within } from 'storybook/test';
import { ChatState, Composer, MessageLog, useBroadcast, useSendOnBroadcast, type Broadcast } from './support/ChatParts';
import { contentTypes, mockChatHandler } from './support/mockServer';
import { assistantMessage, expectGrowing, expectStatus, sendMessage, shownText } from './support/play';
import { chatOptionsOf, playgroundArgs, playgroundArgTypes, type PlaygroundArgs } from './support/playgroundArgs';
import { essay } from './support/replies';

type ProtocolGalleryArgs = Omit<PlaygroundArgs, 'protocol'>;

const replyFor = (question: string) => `“${question}”: ${essay.slice(0, 400)}`;
const replyTo = ({ messages }: MockChatContext) => replyFor(messages.at(-1)?.content ?? '');

function ProtocolPanel({ protocol, args, broadcast }: { protocol: WireProtocol; args: ProtocolGalleryArgs; broadcast?: Broadcast }) {
  const chat = useStreamingChat({ api: '/api/chat', ...chatOptionsOf({ ...args, protocol }) });
  useSendOnBroadcast(chat, broadcast);
  const { bytesReceived, charsRendered } = chat.stats;
  return (
    <section aria-label={protocol} data-protocol={protocol}>
      <h2>
        <code>{protocol}</code>
      </h2>
      <p>{contentTypes[protocol]}</p>
      <MessageLog label={`${protocol} conversation`} messages={chat.messages} />
      <ChatState chat={chat} />
      <p>
        {bytesReceived.toLocaleString('en')} bytes for {charsRendered.toLocaleString('en')} characters
        {charsRendered > 0 && ` (×${(bytesReceived / charsRendered).toFixed(1)})`}
      </p>
    </section>
  );
}

function ProtocolGallery(args: ProtocolGalleryArgs) {
  const [broadcast, sendToAll] = useBroadcast();
  return (
    <>
      <p>
        The same reply in each wire format the kit decodes. The text is identical; what it costs on
        the wire is not.
      </p>
      <Composer onSend={sendToAll} sendLabel="Send to all" />
      <div className="pg-grid">
        {wireProtocols.map((protocol) => (
          <ProtocolPanel key={protocol} protocol={protocol} args={args} broadcast={broadcast} />
        ))}
      </div>
    </>
  );
}

const { protocol: _protocol, ...argTypes } = playgroundArgTypes;
const { protocol: _default, ...args } = playgroundArgs;

const meta = {
  title: 'Playground/Protocols',
  args,
  // Every panel speaks its own protocol, so there is no protocol control here.
  argTypes,
  parameters: { msw: { handlers: [mockChatHandler('/api/chat', { reply: replyTo })] } },
  render: (args) => <ProtocolGallery {...args} />,
} satisfies Meta<ProtocolGalleryArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

/** text, sse, ndjson, openai and anthropic side by side, from one message. */
export const Gallery: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await sendMessage(canvasElement, 'Same answer, five wires', 'Send to all');
    for (const protocol of wireProtocols) {
      const message = await assistantMessage(canvas.getByRole('region', { name: protocol }));
      if (protocol === 'text') await expectGrowing(message);
      await expectStatus(message, 'done');
      await expect(shownText(message)).toBe(replyFor('Same answer, five wires'));
    }
  },
};
