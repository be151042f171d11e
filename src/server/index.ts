export { eventStream } from './eventStream';
export { eventStreamResponse } from './eventStreamResponse';
export type { EventStreamResponseInit } from './eventStreamResponse';
export { sendEventStream } from './sendEventStream';
export type { EventStreamOptions, ServerEvent, ServerEventInput, ServerEventSource } from './types';
