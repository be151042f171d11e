import { configure, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { StreamingMessage, type ChatMessage } from 'react-streaming-chat';
import { StreamingMarkdown } from 'react-streaming-chat/markdown';
import { streamingChatHandler } from 'react-streaming-chat/msw';
import { MarkdownChat } from './snippets/MarkdownChat';
import { renderAnswer } from './snippets/renderAnswer';
import { shikiComponents } from './snippets/shikiComponents';

// The README's Markdown section, run: the chat with renderMarkdown, the components example and
// the Shiki recipe.
configure({ asyncUtilTimeout: 10_000 });
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

// Creating the highlighter (seven grammars) takes seconds on a loaded machine.
const shikiLoads = { timeout: 45_000 };

const answer = (content: string, status: ChatMessage['status']): ChatMessage => ({
  id: 'a',
  role: 'assistant',
  content,
  parts: [{ type: 'text', text: content }],
  status,
});

describe('README: Markdown', () => {
  it('MarkdownChat streams the answer as markdown', async () => {
    server.use(streamingChatHandler({ path: '*/api/chat', reply: 'Use **bold**, `code` and:\n\n- a list' }));
    render(<MarkdownChat />);
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hi{Enter}');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Response complete'));
    const message = document.querySelector('[data-role="assistant"]')!;
    expect(message.querySelector('strong')!.textContent).toBe('bold');
    expect(message.querySelector('code')!.textContent).toBe('code');
    expect(message.querySelectorAll('li')).toHaveLength(1);
  });

  it('renderAnswer opens links in a new tab and wraps tables', () => {
    const text = 'See [the docs](https://example.com).\n\n| a | b |\n| - | - |\n| 1 | 2 |';
    const { container } = render(<StreamingMessage message={answer(text, 'done')} render={renderAnswer} />);
    const link = screen.getByRole('link', { name: 'the docs' });
    expect([link.getAttribute('target'), link.getAttribute('rel')]).toEqual(['_blank', 'noopener noreferrer']);
    expect(container.querySelector('.table-scroll > table td')!.textContent).toBe('1');
  });

  it('the Shiki recipe highlights a code block once it is complete, not while it streams', async () => {
    const code = '```ts\nconst answer: number = 42;\n```';
    const { container, rerender } = render(<StreamingMarkdown text={code.slice(0, 20)} streaming components={shikiComponents} />);
    expect(container.querySelector('code span')).toBeNull();
    rerender(<StreamingMarkdown text={code} components={shikiComponents} />);
    await waitFor(() => expect(container.querySelectorAll('code span[style]').length).toBeGreaterThan(3), shikiLoads);
    expect(container.querySelector('pre > code')!.textContent).toBe('const answer: number = 42;\n');
    expect(container.querySelector('pre > code')!.className).toBe('language-ts');
  }, 60_000);

  it('the Shiki recipe leaves a language it did not load plain', async () => {
    const { container } = render(<StreamingMarkdown text={'```cobol\nDISPLAY "HI".\n```\n\n```ts\nlet x = 1;\n```'} components={shikiComponents} />);
    // Once the TypeScript block is highlighted, the highlighter has answered for both.
    await waitFor(() => expect(container.querySelectorAll('code.language-ts span[style]').length).toBeGreaterThan(0), shikiLoads);
    expect(container.querySelector('code.language-cobol span')).toBeNull();
    expect(container.querySelector('code.language-cobol')!.textContent).toBe('DISPLAY "HI".');
  }, 60_000);
});
