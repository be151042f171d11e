import { useEffect, useState } from 'react';
import { CancelButton, StreamingMessage, useStreamingChat, type ChatMessage } from 'react-streaming-chat';

// Where a reload finds the conversation: the tab's sessionStorage here, your database works too.
const load = (): ChatMessage[] => JSON.parse(sessionStorage.getItem('chat') ?? '[]');
const save = (messages: ChatMessage[]) => sessionStorage.setItem('chat', JSON.stringify(messages));

export function ResumableChat() {
  const [initialMessages] = useState(load);
  const chat = useStreamingChat({
    api: '/api/chat', // POST /api/chat, GET and DELETE /api/chat/{streamId}
    initialMessages,
    reconnect: 5, // attempts after each drop (default 3)
    onUnmount: 'detach', // leaving the page leaves the reply running; the default, 'stop', stops it
  });

  // A resume replays the stream from its start, so saving when the status changes is enough:
  // once the reply streams, its message carries the streamId.
  useEffect(() => {
    save(chat.messages);
  }, [chat.status]);

  // After a reload: re-attach to the unfinished reply. It streams into that message, not a new one.
  useEffect(() => {
    const last = initialMessages.at(-1);
    if (last?.streamId && last.status === 'streaming') void chat.resume(last.streamId);
  }, []);

  return (
    <div>
      {chat.messages.map((message) => (
        <StreamingMessage key={message.id} message={message} />
      ))}
      <button onClick={() => chat.send('Tell me a story')} disabled={chat.isStreaming}>
        Ask
      </button>
      <CancelButton chat={chat} />
    </div>
  );
}
