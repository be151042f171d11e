import { useLayoutEffect, useRef, useState, type SyntheticEvent } from 'react';
import type { ChatStatus } from '../core/types.js';
import { CancelButton } from './CancelButton.js';
import { chatLayoutStyles } from './chatLayoutStyles.js';
import { chatStyles } from './chatStyles.js';
import { StreamingMessage, type StreamingMessageProps } from './StreamingMessage.js';
import { useStreamingChat, type UseStreamingChatOptions } from './useStreamingChat.js';

export interface StreamingChatProps extends UseStreamingChatOptions {
  /** Added to the root's `rsc-chat` class. */
  className?: string;
  /** The textarea's placeholder. Default `"Send a message"`. */
  placeholder?: string;
  /** Renders each text part (e.g. `renderMarkdown`); see `StreamingMessage`. */
  render?: StreamingMessageProps['render'];
  /** Renders any part, or `undefined` for the default; see `StreamingMessage`. */
  renderPart?: StreamingMessageProps['renderPart'];
}

// What the status region says: one line per phase, never per token (an error says its message).
const announcements: Partial<Record<ChatStatus, string>> = {
  connecting: 'Generating response',
  streaming: 'Generating response',
  done: 'Response complete',
  cancelled: 'Response stopped',
};

/**
 * The ready-made chat: a `role="log"` message list that sticks to the bottom unless the user
 * scrolled up, the error with a Retry button, a textarea (Enter sends, Shift+Enter breaks the
 * line), Send and Stop buttons, and a polite status region for screen readers. Takes the options
 * of `useStreamingChat`; themed by the `--rsc-*` variables, light or dark as the system is.
 */
export function StreamingChat({
  className,
  placeholder = 'Send a message',
  render,
  renderPart,
  ...options
}: StreamingChatProps) {
  const chat = useStreamingChat(options);
  const [input, setInput] = useState('');
  const log = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  useLayoutEffect(() => {
    const node = log.current!;
    if (stick.current) node.scrollTop = node.scrollHeight;
  }, [chat.messages]);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const text = input.trim();
    if (!text) return;
    setInput('');
    stick.current = true;
    void chat.send(text);
  };

  return (
    <div className={className ? `rsc-chat ${className}` : 'rsc-chat'}>
      {chatStyles}
      {chatLayoutStyles}
      <div
        ref={log}
        className="rsc-log"
        role="log"
        aria-label="Conversation"
        tabIndex={0}
        onScroll={({ currentTarget: node }) => {
          // Our own scroll to the bottom lands here too, and keeps sticking.
          stick.current = node.scrollHeight - node.scrollTop - node.clientHeight < 24;
        }}
      >
        {chat.messages.map((message) => (
          <StreamingMessage key={message.id} message={message} render={render} renderPart={renderPart} />
        ))}
      </div>
      <div className="rsc-sr" role="status">
        {chat.error?.message ?? announcements[chat.status]}
      </div>
      {chat.error && (
        // Not a live region: the status region above already says it, once.
        <div className="rsc-error">
          {chat.error.message}
          <button type="button" onClick={() => void chat.retry()}>
            Retry
          </button>
        </div>
      )}
      <form className="rsc-form" onSubmit={submit}>
        <textarea
          aria-label="Message"
          value={input}
          placeholder={placeholder}
          onChange={(event) => setInput(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
          }}
        />
        <button type="submit" className="rsc-send" disabled={!input.trim()}>
          Send
        </button>
        <CancelButton chat={chat} className="rsc-stop" />
      </form>
    </div>
  );
}
