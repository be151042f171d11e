import { StreamingChat } from 'react-streaming-chat';
import { renderMarkdown } from 'react-streaming-chat/markdown';

export function MarkdownChat() {
  return <StreamingChat api="/api/chat" render={renderMarkdown} />;
}
