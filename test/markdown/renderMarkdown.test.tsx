import { configure, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StreamingChat, StreamingMessage, type ChatMessage } from 'react-streaming-chat';
import { renderMarkdown } from 'react-streaming-chat/markdown';
import { streamingChatHandler } from 'react-streaming-chat/msw';
import { installMswServer } from '../react/mswServer';
import { corpus } from './corpus';

// renderMarkdown is the `render` of <StreamingMessage> and <StreamingChat>: markdown for each
// text part, streaming while the message is.

configure({ asyncUtilTimeout: 10_000 });
const server = installMswServer();

const message = (content: string, status: ChatMessage['status']): ChatMessage => ({
  id: 'a1',
  role: 'assistant',
  content,
  parts: [{ type: 'text', text: content }],
  status,
});

describe('renderMarkdown in <StreamingMessage>', () => {
  it('renders the text part as markdown, without raw markers while streaming, exactly once done', () => {
    const { container, rerender } = render(<StreamingMessage message={message('Use **bo', 'streaming')} render={renderMarkdown} />);
    const root = container.querySelector('[data-role="assistant"]')!;
    expect(root.querySelector('strong')!.textContent).toBe('bo');
    expect(root.textContent).not.toContain('*');
    const paragraph = root.querySelector('p');

    rerender(<StreamingMessage message={message('Use **bold** text.\n\n1. one', 'streaming')} render={renderMarkdown} />);
    // The finished paragraph is the same DOM node: nothing laid out again.
    expect(root.querySelector('p')).toBe(paragraph);

    rerender(<StreamingMessage message={message('Use **bold** text.\n\n1. one\n2. *two*', 'done')} render={renderMarkdown} />);
    expect(root.getAttribute('data-status')).toBe('done');
    expect([...root.querySelectorAll('li')].map((li) => li.innerHTML)).toEqual(['one', '<em>two</em>']);
  });

  it('streams a whole answer through <StreamingChat render={renderMarkdown}>', async () => {
    const reply = corpus['comparison-table.md']!;
    server.use(streamingChatHandler({ path: '*/api/chat', reply, tokensPerChunk: 3 }));
    render(<StreamingChat api="http://localhost/api/chat" render={renderMarkdown} />);
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Compare databases{Enter}');
    const answer = await waitFor(() => {
      const found = document.querySelector<HTMLElement>('[data-role="assistant"][data-status="done"]');
      expect(found).not.toBeNull();
      return found!;
    });
    expect(answer.querySelectorAll('table tbody tr')).toHaveLength(5);
    expect(answer.querySelector('pre code.language-sql')!.textContent).toContain('CREATE TABLE events');
    expect(answer.querySelectorAll('input[type=checkbox]')).toHaveLength(3);
    expect(answer.textContent).toContain('— no separate search engine required');
  });
});
