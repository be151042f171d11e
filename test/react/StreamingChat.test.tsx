import { act, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { StreamingChat } from 'react-streaming-chat';
import { streamingChatHandler, type StreamingChatHandlerOptions } from 'react-streaming-chat/msw';
import { installMswServer } from './mswServer';

// Streams run on real timers and sockets: give a loaded CI machine more than the default second.
configure({ asyncUtilTimeout: 10_000 });

const server = installMswServer();
const api = 'http://localhost/api/chat';

function reply(options: Omit<StreamingChatHandlerOptions, 'path'>) {
  const bodies: { messages: { role: string; content: string }[] }[] = [];
  server.use(
    streamingChatHandler({
      path: '*/api/chat',
      ...options,
      reply: async ({ request, messages }) => {
        bodies.push(await request.clone().json());
        return typeof options.reply === 'string' ? options.reply : `You said: ${messages.at(-1)!.content}`;
      },
    }),
  );
  return bodies;
}

const words = (count: number) => Array.from({ length: count }, (_, i) => `w${i} `);

/** Every text the status region showed, in order, starting from now. */
function recordStatus() {
  const region = screen.getByRole('status');
  const said: string[] = [];
  const observer = new MutationObserver(() => {
    const text = region.textContent ?? '';
    if (text !== said.at(-1)) said.push(text);
  });
  observer.observe(region, { childList: true, characterData: true, subtree: true });
  return { said, stop: () => observer.disconnect() };
}

const log = () => screen.getByRole('log', { name: 'Conversation' });
const stopButton = () => screen.getByRole('button', { name: 'Stop' });
const assistantMessages = () => log().querySelectorAll<HTMLElement>('[data-role="assistant"]');

async function sendText(text: string) {
  const user = userEvent.setup();
  await user.type(screen.getByRole('textbox', { name: 'Message' }), `${text}{Enter}`);
  return user;
}

describe('StreamingChat', () => {
  it('Enter sends the text; the reply streams into the log', async () => {
    const bodies = reply({ reply: 'Hi there, how are you?' });
    render(<StreamingChat api={api} />);
    await sendText('Hello');
    await waitFor(() => expect(assistantMessages()[0]?.dataset.status).toBe('done'));
    expect(assistantMessages()[0]!.textContent).toBe('Hi there, how are you?');
    expect(within(log()).getByText('Hello').dataset.role).toBe('user');
    expect(bodies).toEqual([{ messages: [{ role: 'user', content: 'Hello' }] }]);
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveProperty('value', '');
  });

  it('Shift+Enter makes a new line; the Send button sends too', async () => {
    const bodies = reply({ reply: 'ok' });
    const user = userEvent.setup();
    render(<StreamingChat api={api} placeholder="Ask me" />);
    const textbox = screen.getByRole('textbox', { name: 'Message' });
    expect(textbox.getAttribute('placeholder')).toBe('Ask me');
    await user.type(textbox, 'line one{Shift>}{Enter}{/Shift}line two');
    expect(textbox).toHaveProperty('value', 'line one\nline two');
    expect(bodies).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]!.messages).toEqual([{ role: 'user', content: 'line one\nline two' }]);
    expect(within(log()).getByText(/line one/).textContent).toBe('line one\nline two');
  });

  it('does not send an empty message', async () => {
    const bodies = reply({ reply: 'never' });
    const user = userEvent.setup();
    render(<StreamingChat api={api} />);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), '   {Enter}');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(bodies).toHaveLength(0);
    expect(log().children).toHaveLength(0);
  });

  it('announces each phase once, not each token: "Generating response", then "Response complete"', async () => {
    reply({ reply: words(200).join('') });
    render(<StreamingChat api={api} />);
    const status = recordStatus();
    await sendText('go');
    await waitFor(() => expect(assistantMessages()[0]?.dataset.status).toBe('done'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Response complete'));
    status.stop();
    expect(assistantMessages()[0]!.textContent).toBe(words(200).join(''));
    expect(status.said).toEqual(['Generating response', 'Response complete']);
  });

  it('announces "Response stopped" and marks the message when Stop is pressed', async () => {
    reply({ reply: words(10).join(''), fault: { stallAfter: 3 } });
    render(<StreamingChat api={api} />);
    const status = recordStatus();
    const user = await sendText('go');
    await waitFor(() => expect(assistantMessages()[0]!.textContent).toBe('w0 w1 w2 '));
    await user.click(stopButton());
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Response stopped'));
    status.stop();
    expect(status.said).toEqual(['Generating response', 'Response stopped']);
    const message = assistantMessages()[0]!;
    expect(message.dataset.status).toBe('cancelled');
    expect(message.textContent).toBe('w0 w1 w2 stopped');
  });

  it('announces the error and marks the message', async () => {
    reply({ reply: 'partial answer here', fault: { errorAt: 2, message: 'model overloaded' } });
    render(<StreamingChat api={api} />);
    const status = recordStatus();
    await sendText('go');
    await waitFor(() => expect(assistantMessages()[0]?.dataset.status).toBe('error'));
    status.stop();
    expect(status.said).toHaveLength(2);
    expect(status.said[0]).toBe('Generating response');
    expect(status.said[1]).toMatch(/model overloaded/);
    expect(assistantMessages()[0]!.textContent).toBe('partial answer error');
  });

  it('the log is role="log"; the streaming message is aria-busy; Stop is enabled only while streaming', async () => {
    reply({ reply: words(30).join(''), delayMs: 15 });
    render(<StreamingChat api={api} />);
    expect(log().getAttribute('aria-live')).toBeNull(); // role="log" is polite by itself
    expect(stopButton()).toHaveProperty('disabled', true);
    await sendText('go');
    await waitFor(() => expect(assistantMessages()[0]?.textContent).toMatch(/w1 /));
    const message = assistantMessages()[0]!;
    expect(message.dataset.status).toBe('streaming');
    expect(message.getAttribute('aria-busy')).toBe('true');
    expect(stopButton()).toHaveProperty('disabled', false);
    await waitFor(() => expect(message.dataset.status).toBe('done'));
    expect(message.hasAttribute('aria-busy')).toBe(false);
    expect(stopButton()).toHaveProperty('disabled', true);
    expect(message.textContent).toBe(words(30).join(''));
  });

  it('renders a streamed <img onerror> as text and creates no element', async () => {
    const attack = '<img src=x onerror=alert(1)>';
    server.use(streamingChatHandler({ path: '*/api/chat', tokens: ['Look: ', attack, ' done'] }));
    const { container } = render(<StreamingChat api={api} />);
    await sendText('go');
    await waitFor(() => expect(assistantMessages()[0]?.dataset.status).toBe('done'));
    expect(assistantMessages()[0]!.textContent).toBe(`Look: ${attack} done`);
    expect(container.querySelector('img')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
  });

  it('passes render and className through', async () => {
    reply({ reply: 'shout this' });
    const { container } = render(
      <StreamingChat api={api} className="mine" render={(content) => <strong>{content.toUpperCase()}</strong>} />,
    );
    expect(container.firstElementChild!.className).toBe('rsc-chat mine');
    await sendText('go');
    await waitFor(() => expect(assistantMessages()[0]?.dataset.status).toBe('done'));
    expect(assistantMessages()[0]!.querySelector('strong')!.textContent).toBe('SHOUT THIS');
  });

  it('shows the parts of its messages, through renderPart where it returns something', () => {
    render(
      <StreamingChat
        api={api}
        initialMessages={[
          { id: 'u', role: 'user', content: 'Weather?', parts: [{ type: 'text', text: 'Weather?' }], status: 'done' },
          {
            id: 'a',
            role: 'assistant',
            content: 'Sunny.',
            status: 'done',
            parts: [
              { type: 'reasoning', text: 'Look it up.' },
              { type: 'tool', toolCallId: 't', toolName: 'weather', state: 'output-available', inputText: '{}', input: {}, output: 'sun' },
              { type: 'text', text: 'Sunny.' },
              { type: 'source', url: 'https://weather.example', title: 'Weather service' },
            ],
          },
        ]}
        renderPart={(part) => (part.type === 'tool' ? <p>Tool {part.toolName} said {String(part.output)}</p> : undefined)}
      />,
    );
    expect(within(log()).getByText('Reasoning').tagName).toBe('SUMMARY');
    expect(within(log()).getByText('Tool weather said sun')).toBeTruthy();
    expect(within(log()).getByRole('link', { name: 'Weather service' }).getAttribute('href')).toBe('https://weather.example');
    expect(assistantMessages()[0]!.textContent).toContain('Sunny.');
  });

  it('shows the error under the log with a Retry button that asks again', async () => {
    reply({ reply: 'partial answer here', fault: { errorAt: 2, message: 'model overloaded' } });
    render(<StreamingChat api={api} />);
    const user = await sendText('go');
    const retry = await screen.findByRole('button', { name: 'Retry' });
    expect(retry.parentElement!.textContent).toMatch(/model overloaded/);

    const bodies = reply({ reply: 'Better now.' });
    await user.click(retry);
    await waitFor(() => expect(assistantMessages()[0]?.dataset.status).toBe('done'));
    expect(assistantMessages()[0]!.textContent).toBe('Better now.');
    expect(bodies[0]!.messages).toEqual([{ role: 'user', content: 'go' }]);
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('Send is enabled only when there is something to send', async () => {
    const user = userEvent.setup();
    render(<StreamingChat api={api} />);
    const send = screen.getByRole('button', { name: 'Send' });
    expect(send).toHaveProperty('disabled', true);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'hi');
    expect(send).toHaveProperty('disabled', false);
  });

  it('sticks to the bottom as the reply grows, unless the user scrolled up', async () => {
    reply({ reply: words(40).join(''), delayMs: 10 });
    render(<StreamingChat api={api} />);
    const node = log();
    // jsdom has no layout: give the log a height, a growing content height and a scroll position.
    let scrollTop = 0;
    Object.defineProperties(node, {
      clientHeight: { get: () => 100 },
      scrollHeight: { get: () => 100 + (node.textContent?.length ?? 0) * 10 },
      scrollTop: { get: () => scrollTop, set: (value: number) => (scrollTop = value) },
    });
    await sendText('go');
    await waitFor(() => expect(assistantMessages()[0]?.textContent).toMatch(/w5 /));
    expect(scrollTop).toBe(node.scrollHeight);

    // The user scrolls up: the view stays where they put it while text keeps coming.
    scrollTop = 10;
    node.dispatchEvent(new Event('scroll'));
    const length = node.textContent!.length;
    await waitFor(() => expect(node.textContent!.length).toBeGreaterThan(length + 20));
    expect(scrollTop).toBe(10);

    // Back at the bottom: it sticks again.
    scrollTop = node.scrollHeight - 100;
    node.dispatchEvent(new Event('scroll'));
    await waitFor(() => expect(assistantMessages()[0]!.dataset.status).toBe('done'));
    expect(scrollTop).toBe(node.scrollHeight);
  });

  it('hydrates its server-rendered markup without a mismatch', async () => {
    const errors = vi.spyOn(console, 'error');
    const recoverable: unknown[] = [];
    const container = document.body.appendChild(document.createElement('div'));
    container.innerHTML = renderToString(<StreamingChat api={api} />);
    const textbox = container.querySelector('textarea');
    const root = await act(async () =>
      hydrateRoot(container, <StreamingChat api={api} />, { onRecoverableError: (error) => recoverable.push(error) }),
    );
    try {
      expect(recoverable).toEqual([]);
      expect(errors).not.toHaveBeenCalled();
      expect(container.querySelector('textarea')).toBe(textbox); // hydrated, not re-created
    } finally {
      errors.mockRestore();
      act(() => root.unmount());
      container.remove();
    }
  });
});
