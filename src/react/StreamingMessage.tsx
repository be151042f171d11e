import { memo, type ReactNode } from 'react';
import type { ChatMessage } from '../core/types.js';
import { chatStyles } from './chatStyles.js';

export interface StreamingMessageProps {
  message: ChatMessage;
  /**
   * Takes over the text rendering (e.g. markdown). Called only when this message changes.
   * Default: the content as plain text, line breaks kept; never as HTML. Keep it stable (define
   * it outside the component or wrap it in `useCallback`), or every message renders again.
   */
  render?: (content: string, message: ChatMessage) => ReactNode;
}

const marks: Partial<Record<ChatMessage['status'], string>> = { cancelled: 'stopped', error: 'error' };

/**
 * One message: its text, a caret while it streams, a "stopped" or "error" mark when it ended
 * early. Renders again only when this message changes, so finished messages stay still while
 * another one streams.
 */
export const StreamingMessage = memo(function StreamingMessage({ message, render }: StreamingMessageProps) {
  const { status, content } = message;
  const streaming = status === 'streaming';
  const mark = marks[status];
  return (
    <>
      {chatStyles}
      <div
        className="rsc-message"
        data-role={message.role}
        data-status={status}
        aria-busy={streaming || undefined}
        style={{ whiteSpace: 'pre-wrap' }}
      >
        {render ? render(content, message) : content}
        {streaming && <span className="rsc-caret" aria-hidden="true" />}
        {mark && <span className="rsc-mark">{mark}</span>}
      </div>
    </>
  );
});
