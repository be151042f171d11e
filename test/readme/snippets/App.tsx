import { StreamingChat } from 'react-streaming-chat';

export function App() {
  return <StreamingChat api="/api/chat" />;
}
