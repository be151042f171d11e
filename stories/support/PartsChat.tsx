import { useState } from 'react';
import {
  CancelButton,
  chatLayoutStyles,
  chatStyles,
  StreamingMessage,
  useStreamingChat,
  type UseStreamingChatOptions,
} from 'react-streaming-chat';

/**
 * A chat built from the hook, `StreamingMessage` and `CancelButton` in `<StreamingChat>`'s classes
 * (so it has the default look), beside the live stats of the reply: chunks, parts, flushes.
 */
export function PartsChat({ options, suggestion }: { options: UseStreamingChatOptions; suggestion: string }) {
  const chat = useStreamingChat(options);
  const [input, setInput] = useState(suggestion);
  const reply = chat.messages.findLast((message) => message.role === 'assistant');
  const { stats } = chat;
  const send = () => {
    if (!input.trim()) return;
    void chat.send(input.trim());
    setInput('');
  };
  return (
    <div className="pg-parts">
      <div className="rsc-chat">
        {chatStyles}
        {chatLayoutStyles}
        <div className="rsc-log" role="log" aria-label="Conversation" tabIndex={0}>
          {chat.messages.map((message) => (
            <StreamingMessage key={message.id} message={message} />
          ))}
        </div>
        <form
          className="rsc-form"
          onSubmit={(event) => {
            event.preventDefault();
            send();
          }}
        >
          <textarea aria-label="Message" value={input} onChange={(event) => setInput(event.target.value)} />
          <button type="submit" className="rsc-send" disabled={!input.trim()}>
            Send
          </button>
          <CancelButton chat={chat} className="rsc-stop" />
        </form>
      </div>
      <dl className="pg-facts" aria-label="Live stats">
        <dt>Status</dt>
        <dd data-testid="chat-status">{chat.status}</dd>
        <dt>Parts</dt>
        <dd data-testid="parts">
          {reply?.parts.map((part) => (part.type === 'tool' ? `tool ${part.toolName} (${part.state})` : part.type)).join(', ') || 'none'}
        </dd>
        <dt>Chunks received</dt>
        <dd data-testid="chunks">{stats.tokensReceived.toLocaleString('en')}</dd>
        <dt>Bytes received</dt>
        <dd>{stats.bytesReceived.toLocaleString('en')}</dd>
        <dt>Flushes (commits)</dt>
        <dd>{stats.flushes}</dd>
        <dt>Buffer high-water</dt>
        <dd>{stats.bufferHighWater}</dd>
        <dt>Time to first chunk</dt>
        <dd>{stats.timeToFirstTokenMs === undefined ? '–' : `${Math.round(stats.timeToFirstTokenMs)} ms`}</dd>
      </dl>
    </div>
  );
}
