export { eventStream } from './eventStream.js';
export { eventStreamResponse } from './eventStreamResponse.js';
export type { EventStreamResponseInit } from './eventStreamResponse.js';
export { sendEventStream } from './sendEventStream.js';
export { sendResponse } from './sendResponse.js';
export { sendUIMessageStream } from './sendUIMessageStream.js';
export { uiMessageStream } from './uiMessageStream.js';
export { uiMessageStreamResponse } from './uiMessageStreamResponse.js';
export type { UIMessageStreamResponseInit } from './uiMessageStreamResponse.js';
export type {
  EventStreamOptions,
  ServerEvent,
  ServerEventInput,
  ServerEventSource,
  StreamSource,
  UIMessageControlChunk,
  UIMessageInput,
  UIMessageSource,
  UIMessageStreamOptions,
} from './types.js';
