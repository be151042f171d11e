import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CancelButton } from 'react-streaming-chat';

const streamingChat = (isStreaming = true) => ({ isStreaming, cancel: vi.fn() });

describe('CancelButton', () => {
  it('is a real button named "Stop", enabled while a stream is in flight', () => {
    const chat = streamingChat(true);
    render(<CancelButton chat={chat} />);
    const button = screen.getByRole('button', { name: 'Stop' });
    expect(button.getAttribute('type')).toBe('button');
    expect(button).toHaveProperty('disabled', false);
    expect(button.dataset.state).toBe('streaming');
    expect(button.hasAttribute('data-disabled')).toBe(false);
  });

  it('is disabled, for ARIA and for CSS, when no stream is in flight', async () => {
    const chat = streamingChat(false);
    render(<CancelButton chat={chat} />);
    const button = screen.getByRole('button', { name: 'Stop' });
    expect(button).toHaveProperty('disabled', true);
    expect(button.dataset.state).toBe('idle');
    expect(button.getAttribute('data-disabled')).toBe('');
    await userEvent.click(button);
    await userEvent.keyboard('{Escape}');
    expect(chat.cancel).not.toHaveBeenCalled();
  });

  it('children replace the name; other props reach the button', () => {
    render(
      <CancelButton chat={streamingChat()} className="mine" aria-describedby="x">
        Stop generating
      </CancelButton>,
    );
    const button = screen.getByRole('button', { name: 'Stop generating' });
    expect(button.className).toBe('mine');
    expect(button.getAttribute('aria-describedby')).toBe('x');
  });

  it('a click cancels, with no argument, after the user onClick ran', async () => {
    const order: string[] = [];
    const chat = { isStreaming: true, cancel: vi.fn(() => order.push('cancel')) };
    render(<CancelButton chat={chat} onClick={() => order.push('onClick')} />);
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(order).toEqual(['onClick', 'cancel']);
    expect(chat.cancel).toHaveBeenCalledWith();
  });

  it('an onClick that calls preventDefault keeps the stream going', async () => {
    const chat = streamingChat();
    render(<CancelButton chat={chat} onClick={(event) => event.preventDefault()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(chat.cancel).not.toHaveBeenCalled();
  });

  it('Escape anywhere cancels while it is enabled', async () => {
    const chat = streamingChat();
    const { rerender } = render(<CancelButton chat={chat} />);
    await userEvent.keyboard('{Escape}');
    expect(chat.cancel).toHaveBeenCalledTimes(1);

    rerender(<CancelButton chat={{ ...chat, isStreaming: false }} />);
    await userEvent.keyboard('{Escape}');
    expect(chat.cancel).toHaveBeenCalledTimes(1);
  });

  it('escapeToCancel={false} leaves Escape alone', async () => {
    const chat = streamingChat();
    render(<CancelButton chat={chat} escapeToCancel={false} />);
    await userEvent.keyboard('{Escape}');
    expect(chat.cancel).not.toHaveBeenCalled();
  });

  it('ignores an Escape that something else already handled', () => {
    const chat = streamingChat();
    render(<CancelButton chat={chat} />);
    const event = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    event.preventDefault();
    document.body.dispatchEvent(event);
    expect(chat.cancel).not.toHaveBeenCalled();
  });

  it('stops listening for Escape once unmounted', async () => {
    const chat = streamingChat();
    const { unmount } = render(<CancelButton chat={chat} />);
    unmount();
    await userEvent.keyboard('{Escape}');
    expect(chat.cancel).not.toHaveBeenCalled();
  });

  it('works with onCancel and disabled instead of chat', async () => {
    const onCancel = vi.fn();
    const { rerender } = render(<CancelButton onCancel={onCancel} disabled />);
    const button = screen.getByRole('button', { name: 'Stop' });
    expect(button).toHaveProperty('disabled', true);
    await userEvent.keyboard('{Escape}');
    expect(onCancel).not.toHaveBeenCalled();

    rerender(<CancelButton onCancel={onCancel} disabled={false} />);
    expect(button).toHaveProperty('disabled', false);
    await userEvent.click(button);
    await userEvent.keyboard('{Escape}');
    expect(onCancel).toHaveBeenCalledTimes(2);
  });

  it('disabled overrides a chat that is streaming', () => {
    render(<CancelButton chat={streamingChat(true)} disabled />);
    expect(screen.getByRole('button', { name: 'Stop' })).toHaveProperty('disabled', true);
  });
});
