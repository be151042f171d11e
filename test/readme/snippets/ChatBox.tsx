import { useState } from 'react';
import { useStreamingChat } from 'react-streaming-chat';

export function ChatBox() {
  const chat = useStreamingChat({ api: '/api/chat' });
  const [input, setInput] = useState('');

  return (
    <div>
      {chat.messages.map((message) => (
        <p key={message.id} data-role={message.role} data-status={message.status}>
          {message.content}
        </p>
      ))}
      {chat.error && (
        <p role="alert">
          {chat.error.message} <button onClick={() => chat.retry()}>Retry</button>
        </p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          chat.send(input); // never rejects: the outcome is in chat.status and chat.error
          setInput('');
        }}
      >
        <input aria-label="Message" value={input} onChange={(event) => setInput(event.target.value)} />
        <button type="submit" disabled={chat.isStreaming}>Send</button>
        <button type="button" onClick={chat.cancel} disabled={!chat.isStreaming}>Stop</button>
      </form>
    </div>
  );
}
