import { memo, type ReactNode } from 'react';
import type { ChatMessage } from '../core/types.js';
import { chatStyles } from './chatStyles.js';
import { MessagePartView, type PartRenderer, type TextRenderer } from './parts/MessagePartView.js';

export interface StreamingMessageProps {
  message: ChatMessage;
  /**
   * Takes over each text part's rendering (e.g. `renderMarkdown`); called only when that part or
   * the message's status changes. Default: the text as text, line breaks kept; never as HTML.
   * Keep it stable (define it outside the component or wrap it in `useCallback`), or every part
   * renders again.
   */
  render?: TextRenderer;
  /**
   * Renders any part (text, reasoning, tool, source, data); return `undefined` for the default.
   * Called, like `render`, only when that part or the message's status changes; keep it stable.
   */
  renderPart?: PartRenderer;
  /** Added to the root's `rsc-message` class. */
  className?: string;
}

const marks: Partial<Record<ChatMessage['status'], string>> = { cancelled: 'stopped', error: 'error' };

/**
 * One message: its parts in order (text, reasoning, tool cards, sources; data parts show
 * nothing), a caret while it streams, a "stopped" or "error" mark when it ended early. Renders
 * again only when this message changes, so finished messages stay still while another streams.
 */
// Pure: an app that does not use it does not bundle it.
export const StreamingMessage = /* @__PURE__ */ memo(function StreamingMessage({
  message,
  render,
  renderPart,
  className,
}: StreamingMessageProps) {
  const { status } = message;
  const streaming = status === 'streaming';
  // Messages from before parts existed carry only `content`.
  const parts = message.parts ?? [{ type: 'text', text: message.content }];
  const mark = marks[status];
  // Each part's view, except that runs of sources are gathered in an array.
  const children: ReactNode[] = [];
  let sources: ReactNode[] | undefined;
  parts.forEach((part, index) => {
    const view = (
      <MessagePartView
        key={index}
        part={part}
        message={message}
        render={render}
        renderPart={renderPart}
        // Only reasoning shows it (open while the model thinks): text parts never see it change.
        streaming={streaming && part.type === 'reasoning' && index === parts.length - 1}
      />
    );
    if (part.type !== 'source') {
      children.push(view);
      sources = undefined;
    } else if (sources) sources.push(view);
    else children.push((sources = [view]));
  });
  return (
    <>
      {chatStyles}
      <div
        className={className ? `rsc-message ${className}` : 'rsc-message'}
        data-role={message.role}
        data-status={status}
        aria-busy={streaming || undefined}
        style={{ whiteSpace: 'pre-wrap' }}
      >
        {children.map((child, index) =>
          // Consecutive sources share a row of their own, below the text they back.
          Array.isArray(child) ? (
            <div key={`s${index}`} className="rsc-sources">
              {child}
            </div>
          ) : (
            child
          ),
        )}
        {streaming && <span className="rsc-caret" aria-hidden="true" />}
        {mark && <span className="rsc-mark">{mark}</span>}
      </div>
    </>
  );
});
