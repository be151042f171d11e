export {
  streamingChatHandler,
  type MockChatContext,
  type MockChatMessage,
  type MockReplySource,
  type MockStreamFault,
  type MockTokenSource,
  type StreamingChatHandlerOptions,
} from './streamingChatHandler.js';
export {
  encodeStream,
  protocolFrames,
  tokenize,
  wireProtocols,
  type ProtocolFrames,
  type WireProtocol,
} from './protocolFrames.js';
export { encodeParts, partsEncoder, type MockReplyChunk, type PartsEncoder } from './partsEncoder.js';
