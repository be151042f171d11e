export * from './useStreamingChat';
export * from './StreamingMessage';
export * from './CancelButton';
export * from './StreamingChat';
export { chatStyles } from './chatStyles';
