import type { ChatMessage } from 'react-streaming-chat';
import { StreamingMarkdown, type MarkdownComponents } from 'react-streaming-chat/markdown';

// Defined once, outside any component: blocks render again only when an entry changes.
const components: MarkdownComponents = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
  table: (props) => (
    <div className="table-scroll">
      <table {...props} />
    </div>
  ),
};

export function renderAnswer(text: string, message: ChatMessage) {
  return <StreamingMarkdown text={text} streaming={message.status === 'streaming'} components={components} />;
}
