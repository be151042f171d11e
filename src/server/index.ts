export { eventStream } from './eventStream.js';
export { eventStreamResponse } from './eventStreamResponse.js';
export type { EventStreamResponseInit } from './eventStreamResponse.js';
export {
  createResumableStreams,
  memoryStreamStore,
  LogFullError,
  PRODUCER_LOST,
  StoreFullError,
} from './resumable/index.js';
export type {
  LogEvent,
  LoggedEvent,
  MemoryStreamStoreOptions,
  ResumableSource,
  ResumableStreams,
  ResumableStreamsOptions,
  StartOptions,
  StreamBatch,
  StreamFormat,
  StreamInfo,
  StreamStore,
  StreamWriter,
} from './resumable/index.js';
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
