import { act, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { StreamingMessage, type ChatMessage } from 'react-streaming-chat';

/** A message of one text part, `content`. */
const message = ({ content = 'Hello', ...patch }: Partial<ChatMessage> = {}): ChatMessage => ({
  id: 'm1',
  role: 'assistant',
  content,
  parts: [{ type: 'text', text: content }],
  status: 'done',
  ...patch,
});

const root = (container: HTMLElement) => container.querySelector('.rsc-message') as HTMLElement;

describe('StreamingMessage', () => {
  it('while streaming: data-status, aria-busy and a caret hidden from assistive technology', () => {
    const { container } = render(<StreamingMessage message={message({ status: 'streaming', content: 'Hel' })} />);
    const node = root(container);
    expect(node.dataset.status).toBe('streaming');
    expect(node.dataset.role).toBe('assistant');
    expect(node.getAttribute('aria-busy')).toBe('true');
    const caret = node.querySelector('.rsc-caret')!;
    expect(caret.getAttribute('aria-hidden')).toBe('true');
    expect(node.querySelector('.rsc-mark')).toBeNull();
  });

  it('when done: no caret, no aria-busy, no mark', () => {
    const { container } = render(<StreamingMessage message={message()} />);
    const node = root(container);
    expect(node.dataset.status).toBe('done');
    expect(node.hasAttribute('aria-busy')).toBe(false);
    expect(node.querySelector('.rsc-caret')).toBeNull();
    expect(node.querySelector('.rsc-mark')).toBeNull();
    expect(node.textContent).toBe('Hello');
  });

  it('when cancelled: the partial text and a visible "stopped" mark', () => {
    const { container } = render(<StreamingMessage message={message({ status: 'cancelled', content: 'Hal' })} />);
    const node = root(container);
    expect(node.dataset.status).toBe('cancelled');
    expect(node.hasAttribute('aria-busy')).toBe(false);
    expect(node.querySelector('.rsc-caret')).toBeNull();
    expect(screen.getByText('stopped')).toHaveProperty('className', 'rsc-mark');
    expect(node.textContent).toBe('Halstopped');
  });

  it('on error: the partial text and an error mark', () => {
    const { container } = render(<StreamingMessage message={message({ status: 'error', content: 'Ha' })} />);
    const node = root(container);
    expect(node.dataset.status).toBe('error');
    expect(screen.getByText('error')).toHaveProperty('className', 'rsc-mark');
    expect(node.textContent).toBe('Haerror');
  });

  it('renders markup as text, never as HTML', () => {
    const attack = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const { container } = render(<StreamingMessage message={message({ content: attack })} />);
    expect(root(container).textContent).toBe(attack);
    expect(container.querySelector('img, script')).toBeNull();
  });

  it('keeps line breaks: pre-wrap through its class and inline', () => {
    const { container } = render(<StreamingMessage message={message({ content: 'one\n  two' })} />);
    const node = root(container);
    expect(node.textContent).toBe('one\n  two');
    expect(node.style.whiteSpace).toBe('pre-wrap');
    expect(node.className).toBe('rsc-message');
    // The shared stylesheet is hoisted into <head> once, with the rule for the class.
    const sheets = document.head.querySelectorAll('style[data-href="rsc-styles"]');
    expect(sheets).toHaveLength(1);
    expect(sheets[0]!.textContent).toContain('.rsc-message{white-space:pre-wrap');
    // Under reduced motion nothing blinks or pulses.
    expect(sheets[0]!.textContent).toMatch(/@media \(prefers-reduced-motion:reduce\)\{\.rsc-caret:after,\.rsc-tool small:before\{animation:none\}\}/);
    // The colors are themeable, with light and dark defaults.
    expect(sheets[0]!.textContent).toMatch(/--rsc-fg:light-dark\(#\w+,#\w+\)/);
  });

  it('renders the stylesheet once however many messages there are', () => {
    render(
      <>
        <StreamingMessage message={message({ id: 'a' })} />
        <StreamingMessage message={message({ id: 'b' })} />
        <StreamingMessage message={message({ id: 'c', status: 'streaming' })} />
      </>,
    );
    expect(document.querySelectorAll('style[data-href="rsc-styles"]')).toHaveLength(1);
  });

  it('shows a message without parts (from before parts existed) as its content', () => {
    const { parts: _, ...old } = message({ content: 'from storage' });
    const { container } = render(<StreamingMessage message={old as ChatMessage} />);
    expect(root(container).textContent).toBe('from storage');
  });

  it('calls render only when its message (or render) changes', () => {
    const renderText = vi.fn((content: string, _message: ChatMessage) => <em>{content.toUpperCase()}</em>);
    let setTick!: (tick: number) => void;
    let setMessage!: (message: ChatMessage) => void;
    function Parent() {
      const [tick, setTickState] = useState(0);
      const [current, setMessageState] = useState(() => message({ content: 'hi' }));
      setTick = setTickState;
      setMessage = setMessageState;
      return (
        <div data-tick={tick}>
          <StreamingMessage message={current} render={renderText} />
        </div>
      );
    }
    const { container, rerender } = render(<Parent />);
    expect(container.querySelector('em')!.textContent).toBe('HI');
    expect(renderText).toHaveBeenCalledTimes(1);
    expect(renderText.mock.calls[0]![0]).toBe('hi');
    expect(renderText.mock.calls[0]![1]).toMatchObject({ id: 'm1', content: 'hi' });

    rerender(<Parent />);
    act(() => setTick(1));
    act(() => setTick(2));
    expect(container.firstElementChild!.getAttribute('data-tick')).toBe('2');
    expect(renderText).toHaveBeenCalledTimes(1);

    act(() => setMessage(message({ content: 'hi there' })));
    expect(renderText).toHaveBeenCalledTimes(2);
    expect(container.querySelector('em')!.textContent).toBe('HI THERE');
  });

  it('renders again when the render function changes', () => {
    const m = message();
    const { container, rerender } = render(<StreamingMessage message={m} render={(text) => <b>{text}</b>} />);
    rerender(<StreamingMessage message={m} render={(text) => <i>{text}</i>} />);
    expect(container.querySelector('i')!.textContent).toBe('Hello');
    expect(container.querySelector('b')).toBeNull();
  });
});
