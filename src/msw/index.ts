export {
  streamingChatHandler,
  type MockChatContext,
  type MockChatMessage,
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
