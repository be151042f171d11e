import { aiSdk, anthropic, ndjson, openaiChat, openaiResponses, type ProtocolOption } from 'react-streaming-chat/core';
import type { WireProtocol } from 'react-streaming-chat/msw';

/** The client's `protocol` option that reads what the mock server writes in `wire`. */
export function clientProtocol(wire: WireProtocol): ProtocolOption {
  switch (wire) {
    case 'text':
    case 'sse':
      return wire;
    case 'ndjson':
      return ndjson();
    case 'openai':
      return openaiChat();
    case 'openai-responses':
      return openaiResponses();
    case 'anthropic':
      return anthropic();
    case 'ai-sdk':
      return aiSdk();
  }
}
