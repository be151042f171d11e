export * from './useStreamingChat.js';
export * from './StreamingMessage.js';
export * from './CancelButton.js';
export * from './StreamingChat.js';
export { chatStyles } from './chatStyles.js';
