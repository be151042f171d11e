export * from './useStreamingChat.js';
export * from './StreamingMessage.js';
export * from './CancelButton.js';
export * from './StreamingChat.js';
export { ToolCard } from './parts/ToolCard.js';
export { ReasoningBlock } from './parts/ReasoningBlock.js';
export { SourceLink } from './parts/SourceLink.js';
export type { PartRenderer, TextRenderer } from './parts/MessagePartView.js';
// The part types that renderPart receives (also in /core, with the chunks).
export type * from '../core/parts/messagePart.js';
export { chatStyles } from './chatStyles.js';
export { chatLayoutStyles } from './chatLayoutStyles.js';
