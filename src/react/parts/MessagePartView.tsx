import { memo, type ReactNode } from 'react';
import type { MessagePart } from '../../core/parts/messagePart.js';
import type { ChatMessage } from '../../core/types.js';
import { ReasoningBlock } from './ReasoningBlock.js';
import { SourceLink } from './SourceLink.js';
import { StreamingText } from './StreamingText.js';
import { ToolCard } from './ToolCard.js';

/** Renders a text part's text (e.g. as markdown). */
export type TextRenderer = (text: string, message: ChatMessage) => ReactNode;

/** Renders any part; `undefined` leaves it to the default. */
export type PartRenderer = (part: MessagePart, message: ChatMessage) => ReactNode | undefined;

export interface MessagePartViewProps {
  part: MessagePart;
  message: ChatMessage;
  render?: TextRenderer | undefined;
  renderPart?: PartRenderer | undefined;
  /** A reasoning part the model is still writing: shown open. */
  streaming?: boolean;
}

function PartView({ part, message, render, renderPart, streaming }: MessagePartViewProps) {
  const custom = renderPart?.(part, message);
  if (custom !== undefined) return custom;
  switch (part.type) {
    case 'text':
      return render ? render(part.text, message) : <StreamingText text={part.text} />;
    case 'reasoning':
      return <ReasoningBlock part={part} streaming={streaming} />;
    case 'tool':
      return <ToolCard part={part} />;
    case 'source':
      return <SourceLink part={part} />;
  }
  return null; // data parts are the app's to use, not to show
}

/**
 * One part of a message, rendered by `renderPart`, else by the defaults. It renders again only
 * when the part object, the message's status or a renderer changes: a flush keeps the identity of
 * the parts it did not touch, so the rest of a streaming message stays still.
 */
export const MessagePartView = /* @__PURE__ */ memo(
  PartView,
  (a, b) =>
    a.part === b.part &&
    a.message.status === b.message.status &&
    a.streaming === b.streaming &&
    a.render === b.render &&
    a.renderPart === b.renderPart,
);
