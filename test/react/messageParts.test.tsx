import { act, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { useState } from 'react';
import { aiSdk, StreamingMessage, useStreamingChat, type ChatMessage, type MessagePart } from 'react-streaming-chat';
import { streamingChatHandler } from 'react-streaming-chat/msw';
import { installMswServer } from './mswServer';

// Streams run on real timers and sockets: give a loaded CI machine more than the default second.
configure({ asyncUtilTimeout: 10_000 });
const server = installMswServer();

type ToolPart = Extract<MessagePart, { type: 'tool' }>;

const reply = (parts: MessagePart[], status: ChatMessage['status'] = 'done'): ChatMessage => ({
  id: 'a1',
  role: 'assistant',
  content: parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join(''),
  parts,
  status,
});

const weather: ToolPart = {
  type: 'tool',
  toolCallId: 'call-1',
  toolName: 'get_weather',
  state: 'output-available',
  inputText: '{"city":"Paris"}',
  input: { city: 'Paris' },
  output: { temperature: 18, unit: 'C' },
};

const everyPart: MessagePart[] = [
  { type: 'reasoning', text: 'The user wants the weather.\nI should call the tool.' },
  { type: 'text', text: 'Let me check.' },
  weather,
  {
    type: 'tool',
    toolCallId: 'call-2',
    toolName: 'get_forecast',
    state: 'output-error',
    inputText: '{"city":"Paris","days":3}',
    input: { city: 'Paris', days: 3 },
    errorText: 'Forecast service unavailable',
  },
  { type: 'text', text: 'It is 18 °C in Paris.\nNo forecast today.' },
  { type: 'source', url: 'https://weather.example/paris', title: 'Paris weather' },
  { type: 'source', url: 'https://example.org/climate' },
  { type: 'data', name: 'usage', data: { tokens: 1234 } },
];

/** The element holding a tool's card, found by the tool's name. */
const toolCard = (name: string) => screen.getByText(name).closest<HTMLElement>('.rsc-tool')!;

/** A parent that can swap the message and re-render for unrelated reasons. */
function renderSwappable(first: ChatMessage, props: Omit<Parameters<typeof StreamingMessage>[0], 'message'> = {}) {
  let swap!: (message: ChatMessage) => void;
  function Parent() {
    const [message, setMessage] = useState(first);
    swap = setMessage;
    return <StreamingMessage message={message} {...props} />;
  }
  const view = render(<Parent />);
  return { ...view, swap: (message: ChatMessage) => act(() => swap(message)) };
}

describe('StreamingMessage: parts', () => {
  it('renders every part in order: reasoning, text, tool cards, sources; data parts show nothing', () => {
    const { container } = render(<StreamingMessage message={reply(everyPart)} />);
    const message = container.querySelector<HTMLElement>('.rsc-message')!;
    const order = [...message.children].map((child) => child.className || child.tagName);
    expect(order).toEqual(['rsc-reasoning', 'rsc-tool', 'rsc-tool', 'rsc-sources']);
    // Consecutive sources share a row.
    expect(message.querySelectorAll('.rsc-sources > .rsc-source')).toHaveLength(2);
    // Text is text, its line breaks kept; the data part's value appears nowhere.
    expect(message.textContent).toContain('Let me check.');
    expect(message.textContent).toContain('It is 18 °C in Paris.\nNo forecast today.');
    expect(message.textContent).not.toContain('1234');
  });

  it('shows reasoning in a closed <details> whose summary says "Reasoning"', () => {
    render(<StreamingMessage message={reply(everyPart)} />);
    const summary = screen.getByText('Reasoning');
    expect(summary.tagName).toBe('SUMMARY');
    const details = summary.closest('details')!;
    expect(details.open).toBe(false);
    expect(details.textContent).toContain('The user wants the weather.\nI should call the tool.');
  });

  it('opens the reasoning while the model is writing it, and closes it when the answer moves on', () => {
    const thinking = { type: 'reasoning', text: 'Hmm' } as const;
    const { swap } = renderSwappable(reply([thinking], 'streaming'));
    const details = () => screen.getByText('Reasoning').closest('details')!;
    expect(details().open).toBe(true);
    expect(details().dataset.state).toBe('streaming');
    swap(reply([thinking, { type: 'text', text: 'Answer' }], 'streaming'));
    expect(details().open).toBe(false);
    expect(details().dataset.state).toBe('done');
  });

  it('shows a tool call with its name, state, input and output', () => {
    render(<StreamingMessage message={reply(everyPart)} />);
    const card = toolCard('get_weather');
    expect(card.dataset.state).toBe('output-available');
    expect(within(card).getByText('Completed')).toBeTruthy();
    const values = [...card.querySelectorAll('dd')].map((dd) => JSON.parse(dd.textContent!));
    expect(values).toEqual([{ city: 'Paris' }, { temperature: 18, unit: 'C' }]);
    expect([...card.querySelectorAll('dt')].map((dt) => dt.textContent)).toEqual(['Input', 'Output']);
  });

  it('shows a failed tool call with its error text', () => {
    render(<StreamingMessage message={reply(everyPart)} />);
    const card = toolCard('get_forecast');
    expect(card.dataset.state).toBe('output-error');
    expect(within(card).getByText('Error', { selector: 'small' })).toBeTruthy();
    expect(within(card).getByText('Forecast service unavailable').tagName).toBe('DD');
    expect(within(card).queryByText('Output')).toBeNull();
  });

  it('shows the input JSON as it streams, and keeps input text that never parsed', () => {
    const streaming: ToolPart = { ...weather, state: 'input-streaming', inputText: '{"city":"Pa', input: undefined, output: undefined };
    const { swap } = renderSwappable(reply([streaming], 'streaming'));
    const card = toolCard('get_weather');
    expect(card.dataset.state).toBe('input-streaming');
    expect(card.querySelector('dd')!.textContent).toBe('{"city":"Pa');
    expect(within(card).queryByText('Output')).toBeNull();

    const broken: ToolPart = { ...streaming, state: 'output-error', inputText: '{"city":', errorText: 'Invalid JSON input' };
    swap(reply([broken], 'done'));
    expect(card.dataset.state).toBe('output-error');
    expect([...card.querySelectorAll('dd')].map((dd) => dd.textContent)).toEqual(['{"city":', 'Invalid JSON input']);
  });

  it('shows a string output as it is, not as a JSON string', () => {
    render(<StreamingMessage message={reply([{ ...weather, output: 'Sunny, 18 °C' }])} />);
    expect(toolCard('get_weather').querySelectorAll('dd')[1]!.textContent).toBe('Sunny, 18 °C');
  });

  it('shows an http(s) source as a link that opens safely in a new tab, named by its title or URL', () => {
    render(<StreamingMessage message={reply(everyPart)} />);
    const titled = screen.getByRole('link', { name: 'Paris weather' });
    expect(titled.getAttribute('href')).toBe('https://weather.example/paris');
    expect(titled.getAttribute('rel')).toBe('noopener noreferrer');
    expect(titled.getAttribute('target')).toBe('_blank');
    expect(screen.getByRole('link', { name: 'https://example.org/climate' }).getAttribute('href')).toBe(
      'https://example.org/climate',
    );
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '//evil.example/',
    'file:///etc/passwd',
  ])('never makes a link of the source URL %j: it shows as plain text', (url) => {
    const { container } = render(<StreamingMessage message={reply([{ type: 'source', url, title: 'Click me' }])} />);
    expect(screen.queryByRole('link')).toBeNull();
    expect(container.querySelector('[href]')).toBeNull();
    expect(screen.getByText('Click me').tagName).toBe('SPAN');
  });

  it('renders markup in any part as text, never as HTML', () => {
    const attack = '<img src=x onerror=alert(1)>';
    const { container } = render(
      <StreamingMessage
        message={reply([
          { type: 'reasoning', text: attack },
          { ...weather, toolName: attack, output: attack },
          { type: 'source', url: 'https://a.example', title: attack },
        ])}
      />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getAllByText(attack).length).toBeGreaterThanOrEqual(3);
  });
});

describe('StreamingMessage: renderPart', () => {
  it('overrides the parts it returns something for; undefined keeps the default', () => {
    const renderPart = (part: MessagePart) =>
      part.type === 'tool' && part.toolName === 'get_weather' ? <p>18 °C and sunny in Paris</p> : undefined;
    render(<StreamingMessage message={reply(everyPart)} renderPart={renderPart} />);
    expect(screen.getByText('18 °C and sunny in Paris').tagName).toBe('P');
    expect(screen.queryByText('get_weather')).toBeNull();
    // Everything else keeps its default look.
    expect(toolCard('get_forecast').dataset.state).toBe('output-error');
    expect(screen.getByText('Reasoning').tagName).toBe('SUMMARY');
    expect(screen.getByRole('link', { name: 'Paris weather' })).toBeTruthy();
  });

  it('hides a part when it returns null, and can show data parts', () => {
    const renderPart = (part: MessagePart) => {
      if (part.type === 'reasoning') return null;
      if (part.type === 'data') return <output>{`${(part.data as { tokens: number }).tokens} tokens`}</output>;
      return undefined;
    };
    render(<StreamingMessage message={reply(everyPart)} renderPart={renderPart} />);
    expect(screen.queryByText('Reasoning')).toBeNull();
    expect(screen.getByText('1234 tokens').tagName).toBe('OUTPUT');
  });

  it('receives each part with its message; text parts fall back to render', () => {
    const renderPart = vi.fn((_part: MessagePart, _message: ChatMessage) => undefined);
    const renderText = vi.fn((text: string) => <em>{text}</em>);
    const message = reply(everyPart);
    render(<StreamingMessage message={message} renderPart={renderPart} render={renderText} />);
    expect(renderPart.mock.calls.map(([part]) => part)).toEqual(everyPart);
    expect(renderPart.mock.calls.every(([, given]) => given === message)).toBe(true);
    expect(renderText.mock.calls.map(([text]) => text)).toEqual(['Let me check.', 'It is 18 °C in Paris.\nNo forecast today.']);
    expect(screen.getByText('Let me check.').tagName).toBe('EM');
  });
});

describe('StreamingMessage: what renders again', () => {
  it('a part that did not change is not rendered again when another part grows', () => {
    const calls = new Map<MessagePart, number>();
    const renderPart = (part: MessagePart) => {
      calls.set(part, (calls.get(part) ?? 0) + 1);
      return undefined;
    };
    const [reasoning, text, tool] = [everyPart[0]!, everyPart[1]!, weather];
    const streaming: ToolPart = { ...weather, state: 'input-streaming', inputText: '{"ci', input: undefined, output: undefined };
    const { swap } = renderSwappable(reply([reasoning, text, streaming], 'streaming'), { renderPart });
    expect([...calls.values()]).toEqual([1, 1, 1]);

    // Flushes replace only the part that changed (the tool's), keeping the others' identity.
    const grown: ToolPart = { ...streaming, inputText: '{"city":"Paris"}' };
    swap(reply([reasoning, text, grown], 'streaming'));
    swap(reply([reasoning, text, tool], 'streaming'));
    expect(calls.get(reasoning)).toBe(1);
    expect(calls.get(text)).toBe(1);
    expect(calls.get(grown)).toBe(1);
    expect(calls.get(tool)).toBe(1);
    expect(toolCard('get_weather').dataset.state).toBe('output-available');
  });

  it('calls render for a text part only when that part or the message status changes', () => {
    const renderText = vi.fn((text: string, _message: ChatMessage) => text);
    const first = { type: 'text', text: 'First paragraph.' } as const;
    const second = { type: 'text', text: 'Sec' } as const;
    const { swap } = renderSwappable(reply([first, weather, second], 'streaming'), { render: renderText });
    expect(renderText.mock.calls.map(([text]) => text)).toEqual(['First paragraph.', 'Sec']);

    renderText.mockClear();
    const grown = reply([first, weather, { type: 'text', text: 'Second' }], 'streaming');
    swap(grown);
    expect(renderText.mock.calls.map(([text]) => text)).toEqual(['Second']);

    // The same parts in a new message object: nothing to do.
    renderText.mockClear();
    swap({ ...grown });
    expect(renderText).not.toHaveBeenCalled();

    // The status changes: every text part may render differently (e.g. markdown's final parse).
    swap({ ...grown, status: 'done' });
    expect(renderText.mock.calls.map(([text, message]) => [text, message.status])).toEqual([
      ['First paragraph.', 'done'],
      ['Second', 'done'],
    ]);
  });
});

describe('StreamingMessage: parts streamed through the engine', () => {
  it('a finished tool card does not render again while the answer streams after it', async () => {
    const words = Array.from({ length: 150 }, (_, i) => `w${i} `);
    server.use(
      streamingChatHandler({
        path: '*/api/parts',
        protocol: 'ai-sdk',
        delayMs: 2,
        parts: [
          { type: 'tool-input-available', toolCallId: 'call_1', toolName: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool-output-available', toolCallId: 'call_1', output: { sky: 'clear' } },
          ...words,
        ],
      }),
    );
    const renders = { tool: 0, text: 0 };
    const renderPart = (part: MessagePart) => {
      if (part.type === 'tool' || part.type === 'text') renders[part.type]++;
      return undefined;
    };
    const protocol = aiSdk();
    function Chat() {
      const chat = useStreamingChat({ api: 'http://localhost/api/parts', protocol });
      return (
        <>
          <button type="button" onClick={() => void chat.send('go')}>
            Go
          </button>
          {chat.messages.map((message) => (
            <StreamingMessage key={message.id} message={message} renderPart={renderPart} />
          ))}
        </>
      );
    }
    render(<Chat />);
    await userEvent.click(screen.getByRole('button', { name: 'Go' }));
    await waitFor(() => expect(document.querySelector('[data-role="assistant"]')?.getAttribute('data-status')).toBe('done'));
    expect(toolCard('get_weather').dataset.state).toBe('output-available');
    expect(document.querySelector('[data-role="assistant"]')!.textContent).toContain(words.join(''));
    // The text grew over many flushes; the tool card rendered once per version of its part
    // (input, then output, maybe both in one flush) and once more when the message ended.
    expect(renders.text).toBeGreaterThan(5);
    expect(renders.tool).toBeLessThanOrEqual(3);
  });
});

describe('StreamingMessage: accessibility', () => {
  it.each(['done', 'streaming', 'cancelled', 'error'] as const)('axe finds no violations with every part type (%s)', async (status) => {
    const { container } = render(
      <main>
        <div role="log" aria-label="Conversation">
          <StreamingMessage message={{ id: 'u1', role: 'user', content: 'Weather?', parts: [{ type: 'text', text: 'Weather?' }], status: 'done' }} />
          <StreamingMessage message={reply(everyPart, status)} />
        </div>
      </main>,
    );
    // jsdom has no layout or canvas: contrast is checked in Chromium, by the stories' axe runs.
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map(({ id, nodes }) => `${id}: ${nodes.map((node) => node.html).join(', ')}`)).toEqual([]);
  });
});
