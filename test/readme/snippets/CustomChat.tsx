import { CancelButton, StreamingMessage, useStreamingChat } from 'react-streaming-chat';

export function CustomChat() {
  const chat = useStreamingChat({ api: '/api/chat', idleTimeoutMs: 30_000 });

  return (
    <section className="my-chat">
      <div role="log" aria-label="Conversation">
        {chat.messages.map((message) => (
          <StreamingMessage key={message.id} message={message} />
        ))}
      </div>
      {chat.status === 'error' && <p role="alert">{chat.error?.message}</p>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          chat.send(String(new FormData(form).get('message')));
          form.reset();
        }}
      >
        <input name="message" aria-label="Message" required />
        <button type="submit">Send</button>
        <CancelButton chat={chat} />
      </form>
    </section>
  );
}
