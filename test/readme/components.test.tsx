import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { streamingChatHandler, type StreamingChatHandlerOptions } from 'react-streaming-chat/msw';
import { App } from './snippets/App';
import { ChatBox } from './snippets/ChatBox';
import { CustomChat } from './snippets/CustomChat';
import { WeatherChat } from './snippets/WeatherChat';

// The README's components, rendered as an app would, against msw's mock of `/api/chat`.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const serve = (options: Omit<StreamingChatHandlerOptions, 'path'> = {}) =>
  server.use(streamingChatHandler({ path: '/api/chat', ...options }));
const longReply = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');

async function type(text: string) {
  const user = userEvent.setup();
  await user.type(screen.getByRole('textbox', { name: 'Message' }), text);
  return user;
}

describe('README: ChatBox (the hook)', () => {
  const answer = () => document.querySelector<HTMLElement>('[data-role="assistant"]');

  it('sends the message and shows the streamed answer', async () => {
    serve();
    render(<ChatBox />);
    const user = await type('Hello, README');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(answer()?.dataset.status).toBe('done'));
    expect(answer()!.textContent).toBe('You said: Hello, README');
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveProperty('value', '');
  });

  it('Stop cancels mid-stream and keeps the partial answer', async () => {
    serve({ reply: longReply, delayMs: 20 });
    render(<ChatBox />);
    const user = await type('Go');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(answer()?.textContent).toMatch(/^word0 /));
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(answer()?.dataset.status).toBe('cancelled'));
    expect(longReply.startsWith(answer()!.textContent!)).toBe(true);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('button', { name: 'Stop' })).toHaveProperty('disabled', true);
  });

  it('shows an error, and Retry asks again', async () => {
    serve({ fault: { status: 503, body: 'Busy' } });
    render(<ChatBox />);
    const user = await type('Hello');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('503');

    serve({ reply: 'Better now.' });
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(answer()?.dataset.status).toBe('done'));
    expect(answer()!.textContent).toBe('Better now.');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('README: App (<StreamingChat>)', () => {
  it('Enter sends; the answer streams into the log', async () => {
    serve({ reply: 'Hi from the mock model.' });
    render(<App />);
    await type('Hello{Enter}');
    const log = screen.getByRole('log', { name: 'Conversation' });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Response complete'));
    expect(log.querySelector('[data-role="assistant"]')!.textContent).toBe('Hi from the mock model.');
  });
});

describe('README: CustomChat (the parts)', () => {
  const message = () => document.querySelector<HTMLElement>('.rsc-message[data-role="assistant"]');

  it('sends the form and streams the answer into a StreamingMessage', async () => {
    // Read with the default protocol, 'auto': SSE (NDJSON would need `protocol: ndjson()`).
    serve({ protocol: 'sse' });
    render(<CustomChat />);
    const user = await type('Parts');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(message()?.dataset.status).toBe('done'));
    expect(message()!.textContent).toBe('You said: Parts');
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveProperty('value', '');
  });

  it('CancelButton stops the stream; the message is marked stopped', async () => {
    serve({ reply: longReply, delayMs: 20 });
    render(<CustomChat />);
    const user = await type('Go');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(message()?.getAttribute('aria-busy')).toBe('true'));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Stop' })).toHaveProperty('disabled', false));
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(message()?.dataset.status).toBe('cancelled'));
    expect(message()!.querySelector('.rsc-mark')!.textContent).toBe('stopped');
  });
});

describe('README: WeatherChat (renderPart)', () => {
  it('shows the weather tool its own way, and the other parts by default', async () => {
    serve({
      protocol: 'ai-sdk',
      parts: [
        { type: 'reasoning-delta', delta: 'Look up the weather.' },
        { type: 'tool-input-available', toolCallId: 'call_1', toolName: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool-output-available', toolCallId: 'call_1', output: { temperature: 18, sky: 'cloudy' } },
        { type: 'tool-input-available', toolCallId: 'call_2', toolName: 'get_time', input: { city: 'Paris' } },
        { type: 'tool-output-available', toolCallId: 'call_2', output: '14:05' },
        'Cloudy, 18 °C.',
        { type: 'source-url', sourceId: 's1', url: 'https://weather.example/paris', title: 'Weather service' },
      ],
    });
    render(<WeatherChat />);
    await type('Weather in Paris?{Enter}');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Response complete'));
    const log = screen.getByRole('log', { name: 'Conversation' });
    expect(within(log).getByText('18 °C, cloudy').className).toBe('weather');
    expect(within(log).queryByText('get_weather')).toBeNull();
    // The other tool, the reasoning and the source keep their default look.
    expect(within(log).getByText('get_time').closest('.rsc-tool')!.getAttribute('data-state')).toBe('output-available');
    expect(within(log).getByText('Reasoning').tagName).toBe('SUMMARY');
    expect(within(log).getByRole('link', { name: 'Weather service' }).getAttribute('href')).toBe('https://weather.example/paris');
    expect(within(log).getByText(/Cloudy, 18 °C\./)).toBeTruthy();
  });
});
