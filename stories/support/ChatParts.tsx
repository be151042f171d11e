import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { CancelButton, StreamingMessage, type ChatMessage, type UseStreamingChatResult } from 'react-streaming-chat';

/** The pieces `<StreamingChat>` is made of, for stories that use `useStreamingChat` directly. */

export interface MessageLogProps {
  messages: ChatMessage[];
  /** The log's accessible name; unique per page. */
  label: string;
  render?: (content: string, message: ChatMessage) => ReactNode;
}

/** A `role="log"` list of messages; scrollable, so it is focusable. */
export function MessageLog({ messages, label, render }: MessageLogProps) {
  return (
    <div className="rsc-log" role="log" aria-label={label} tabIndex={0}>
      {messages.map((message) => (
        <StreamingMessage key={message.id} message={message} render={render} />
      ))}
    </div>
  );
}

export interface ComposerProps {
  onSend: (text: string) => void;
  /** Adds a Stop button bound to this chat. */
  chat?: UseStreamingChatResult;
  /** The Send button's text. Default `"Send"`. */
  sendLabel?: string;
  initialText?: string;
}

/** A message box with Send (and Stop, given a chat). Enter sends; Shift+Enter breaks the line. */
export function Composer({ onSend, chat, sendLabel = 'Send', initialText = '' }: ComposerProps) {
  const [text, setText] = useState(initialText);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    onSend(text.trim());
    setText('');
  };
  return (
    <form className="rsc-form" onSubmit={submit}>
      <textarea
        aria-label="Message"
        name="message"
        rows={2}
        value={text}
        placeholder="Send a message"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
        }}
      />
      <button type="submit">{sendLabel}</button>
      {chat && <CancelButton chat={chat} />}
    </form>
  );
}

/** One message sent to several chats at once (the galleries): each panel sends it on arrival. */
export interface Broadcast {
  text: string;
  id: number;
}

export function useBroadcast(): [Broadcast | undefined, (text: string) => void] {
  const [broadcast, setBroadcast] = useState<Broadcast>();
  return [broadcast, (text) => setBroadcast((last) => ({ text, id: (last?.id ?? 0) + 1 }))];
}

export function useSendOnBroadcast(chat: UseStreamingChatResult, broadcast: Broadcast | undefined): void {
  const { send } = chat;
  // Remembers what was sent, so StrictMode's second run of the effect sends nothing twice.
  const sent = useRef<number>(undefined);
  useEffect(() => {
    if (!broadcast || sent.current === broadcast.id) return;
    sent.current = broadcast.id;
    void send(broadcast.text);
  }, [broadcast, send]);
}

/** The chat's status and error, as a user-facing readout. */
export function ChatState({ chat }: { chat: UseStreamingChatResult }) {
  const { status, error } = chat;
  return (
    <dl className="pg-facts">
      <dt>Status</dt>
      <dd data-testid="chat-status">{status}</dd>
      {error && (
        <>
          <dt>Error</dt>
          <dd data-testid="chat-error">
            <code>{error.kind}</code>
            {error.status !== undefined && ` (HTTP ${error.status})`}: {error.message}
          </dd>
          {error.body && (
            <>
              <dt>Body</dt>
              <dd>{error.body}</dd>
            </>
          )}
        </>
      )}
    </dl>
  );
}
