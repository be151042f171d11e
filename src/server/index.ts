export { eventStream } from './eventStream.js';
export { eventStreamResponse } from './eventStreamResponse.js';
export type { EventStreamResponseInit } from './eventStreamResponse.js';
export { sendEventStream } from './sendEventStream.js';
export type { EventStreamOptions, ServerEvent, ServerEventInput, ServerEventSource } from './types.js';
