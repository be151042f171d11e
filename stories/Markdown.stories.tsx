import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ReactNode } from 'react';
import { StreamingChat, type ChatMessage } from 'react-streaming-chat';
import { expect, within } from 'storybook/test';
import { mockChatHandler } from './support/mockServer';
import { assistantMessage, expectGrowing, expectStatus, sendMessage } from './support/play';
import { chatOptionsOf, playgroundArgs, playgroundArgTypes, type PlaygroundArgs } from './support/playgroundArgs';

/**
 * A tiny markdown-ish renderer: paragraphs, `-` and `1.` lists, fenced code, **bold** and
 * `code`. It builds React elements from the text, never HTML, so whatever the model sends
 * (a `<script>` included) is shown as text. Half-received markup (`**bo`) shows as typed
 * until it closes.
 */
function renderMarkdown(content: string): ReactNode {
  const blocks: ReactNode[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | undefined;
  let code: string[] | undefined;

  const endParagraph = () => {
    if (paragraph.length) blocks.push(<p key={blocks.length}>{inline(paragraph.join('\n'))}</p>);
    paragraph = [];
  };
  const endList = () => {
    if (!list) return;
    const items = list.items.map((item, i) => <li key={i}>{inline(item)}</li>);
    blocks.push(list.ordered ? <ol key={blocks.length}>{items}</ol> : <ul key={blocks.length}>{items}</ul>);
    list = undefined;
  };

  for (const line of content.split('\n')) {
    if (code) {
      if (line.startsWith('```')) {
        blocks.push(<pre key={blocks.length}><code>{code.join('\n')}</code></pre>);
        code = undefined;
      } else code.push(line);
      continue;
    }
    const item = /^\s*(?:([-*])|\d+\.)\s+(.*)$/.exec(line);
    if (line.startsWith('```')) {
      endParagraph();
      endList();
      code = [];
    } else if (item) {
      endParagraph();
      const ordered = !item[1];
      if (list && list.ordered !== ordered) endList();
      list ??= { ordered, items: [] };
      list.items.push(item[2] ?? '');
    } else if (!line.trim()) {
      endParagraph();
      endList();
    } else {
      endList();
      paragraph.push(line);
    }
  }
  // A code block still streaming shows what it has so far.
  if (code) blocks.push(<pre key={blocks.length}><code>{code.join('\n')}</code></pre>);
  endParagraph();
  endList();
  return <div className="pg-md">{blocks}</div>;
}

/** `**bold**` and `` `code` ``; everything else is text. */
function inline(text: string): ReactNode[] {
  return text.split(/(\*\*[^*\n]+\*\*|`[^`\n]+`)/).map((part, i) => {
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4) return <strong key={i}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2) return <code key={i}>{part.slice(1, -1)}</code>;
    return part;
  });
}

/** The `render` prop: markdown for the model's replies, plain text for what the user typed. */
const renderMessage = (content: string, message: ChatMessage): ReactNode =>
  message.role === 'assistant' ? renderMarkdown(content) : content;

const markdownReply = [
  'Here is how the kit keeps a stream **bounded**:',
  '',
  '1. The reader pulls bytes with `reader.read()`.',
  '2. Tokens wait in a buffer of `bufferSize`.',
  '3. One flush per animation frame moves them to the screen.',
  '',
  'What you get:',
  '',
  '- **Nothing lost**: every token ends up in the message.',
  '- **Cancellation**: Stop aborts the request.',
  '- Markup from the model, like <img src=x onerror="alert(1)">, stays text.',
  '',
  '```ts',
  "const chat = useStreamingChat({ api: '/api/chat' });",
  '```',
  '',
  'That is all.',
].join('\n');

const css = '.pg-md p,.pg-md ul,.pg-md ol,.pg-md pre{margin:.25rem 0}.pg-md pre{background:#f3f3f3;padding:.5rem;overflow-x:auto}';

const meta = {
  title: 'Playground/Markdown',
  args: { ...playgroundArgs, tokensPerSecond: 60 },
  argTypes: playgroundArgTypes,
  parameters: { msw: { handlers: [mockChatHandler('/api/chat', { reply: markdownReply })] } },
  render: (args) => (
    <>
      <style href="pg-markdown" precedence="default">
        {css}
      </style>
      <StreamingChat api="/api/chat" render={renderMessage} {...chatOptionsOf(args)} />
    </>
  ),
} satisfies Meta<PlaygroundArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A `render` prop that turns the streamed text into lists, bold and code as it arrives. */
export const MarkdownRender: Story = {
  play: async ({ canvasElement }) => {
    await sendMessage(canvasElement, 'Explain the buffer');
    const message = await assistantMessage(canvasElement);
    await expectGrowing(message);
    await expectStatus(message, 'done');
    const shown = within(message);
    await expect(shown.getAllByRole('listitem')).toHaveLength(6);
    await expect(shown.getByText('bounded').tagName).toBe('STRONG');
    await expect(shown.getByText('reader.read()').tagName).toBe('CODE');
    await expect(message.querySelector('img')).toBeNull();
    await expect(shown.getByText(/<img src=x/)).toBeVisible();
  },
};
