import { aiSdk, type UseStreamingChatOptions } from 'react-streaming-chat';

// useStreamingChat(aiSdkChat), or <StreamingChat {...aiSdkChat} />
export const aiSdkChat: UseStreamingChatOptions = {
  api: '/api/chat',
  protocol: aiSdk(),
  // The AI SDK's route reads UIMessages ({ id, role, parts }), not the default { role, content }.
  // Each earlier turn goes back as its text; a reply that has none (cancelled early) is left out.
  prepareRequest: ({ messages }) => ({
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: messages
          .filter((message) => message.content !== '')
          .map(({ id, role, content }) => ({ id, role, parts: [{ type: 'text', text: content }] })),
      }),
    },
  }),
};
