import { createElement, type ReactNode } from 'react';
import type { ChatMessage } from '../core/types.js';
import { StreamingMarkdown } from './StreamingMarkdown.js';

/**
 * A `render` for `<StreamingMessage>` and `<StreamingChat>`: the text as markdown, streaming
 * while the message is. Defined once, so it is stable: `render={renderMarkdown}`.
 * For `components`, write your own: `(text, m) => <StreamingMarkdown text={text}
 * streaming={m.status === 'streaming'} components={components} />`.
 */
export function renderMarkdown(text: string, message: ChatMessage): ReactNode {
  return createElement(StreamingMarkdown, { text, streaming: message.status === 'streaming' });
}
