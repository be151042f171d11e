// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { CancelButton, StreamingChat, StreamingMessage, useStreamingChat } from 'react-streaming-chat';

function HookUser() {
  const chat = useStreamingChat({ api: '/x', initialMessages: [{ id: '1', role: 'user', content: 'hi', status: 'done' }] });
  return (
    <p data-status={chat.status}>
      {chat.messages.length}:{String(chat.isStreaming)}
    </p>
  );
}

describe('server rendering (Node, no DOM)', () => {
  it('renders the whole chat, with no warning', () => {
    expect(typeof document).toBe('undefined');
    const errors = vi.spyOn(console, 'error');
    try {
      const html = renderToString(<StreamingChat api="/x" />);
      expect(html).toContain('role="log"');
      expect(html).toContain('aria-label="Conversation"');
      expect(html).toContain('role="status"');
      expect(html).toMatch(/<textarea[^>]*aria-label="Message"/);
      expect(html).toMatch(/<button class="rsc-stop" type="button" disabled="" data-state="idle" data-disabled="">Stop<\/button>/);
      // Both stylesheets, the messages' and the chat's, in one element that React hoists.
      expect(html).toMatch(/<style[^>]*data-href="rsc-styles rsc-chat-styles"[^>]*>[^<]*\.rsc-tool\{[^<]*\.rsc-sr\{/);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it('renders the hook state and a message as escaped text', () => {
    expect(renderToString(<HookUser />)).toBe('<p data-status="idle">1<!-- -->:<!-- -->false</p>');
    const html = renderToString(
      <StreamingMessage
        message={{
          id: 'a',
          role: 'assistant',
          content: '<img src=x onerror=alert(1)>',
          parts: [{ type: 'text', text: '<img src=x onerror=alert(1)>' }],
          status: 'streaming',
        }}
      />,
    );
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('aria-busy="true"');
    expect(renderToString(<CancelButton onCancel={() => {}} />)).toContain('>Stop</button>');
  });
});
