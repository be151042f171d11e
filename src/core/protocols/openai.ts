import { parseFrame, serverError, sseBased } from './sseEvents.js';

interface ChatCompletionChunk {
  choices?: { delta?: { content?: unknown } }[];
  error?: { message?: string };
}

/** OpenAI chat completions: SSE of chunks, `choices[0].delta.content`, ends at `data: [DONE]`. */
export const openaiProtocol = sseBased(
  'openai',
  (sink, { data }) => {
    if (data === '[DONE]') return sink.finish();
    const chunk: ChatCompletionChunk | undefined = parseFrame(sink, data);
    if (chunk?.error) return sink.fail(serverError(chunk.error.message));
    const content = chunk?.choices?.[0]?.delta?.content;
    if (typeof content === 'string') sink.token(content);
  },
  'data: [DONE]',
);
