'use client';
// The React entry: the hook, the components and the types. The engine's runtime pieces (the
// controller, parser, protocols, server-free helpers) are in 'react-streaming-chat/core'.
export * from './react/index.js';
export { StreamError, isStreamError } from './core/errors.js';
export type * from './core/types.js';
export type * from './core/errors.js';
export type * from './core/protocols/streamProtocol.js';
export { ndjson } from './core/protocols/ndjson.js';
export { openaiChat } from './core/protocols/openaiChat.js';
export { openaiResponses } from './core/protocols/openaiResponses.js';
export { anthropic } from './core/protocols/anthropic.js';
export { aiSdk } from './core/protocols/aiSdk.js';
export type { ChatController } from './core/chatController.js';
export type { FrameScheduler } from './core/frameScheduler.js';
export type { SSEEvent } from './core/sseParser.js';
