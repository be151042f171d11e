import type { UseStreamingChatOptions } from 'react-streaming-chat';

// useStreamingChat(fastapiChat), or <StreamingChat {...fastapiChat} />
export const fastapiChat: UseStreamingChatOptions = {
  api: '/chat/stream',
  protocol: 'sse',
  prepareRequest: ({ input }) => ({ url: '/chat/stream?prompt=' + encodeURIComponent(input), init: { method: 'GET' } }),
};
