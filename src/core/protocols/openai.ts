import { StreamError } from '../errors';
import { refuseHtml } from './contentType';
import { parseFrame, sseEventDecoder, truncated } from './sseEvents';
import type { StreamProtocol } from './streamProtocol';

interface ChatCompletionChunk {
  choices?: { delta?: { content?: unknown } }[];
  error?: { message?: string };
}

/** OpenAI chat completions: SSE of chunks, `choices[0].delta.content`, ends at `data: [DONE]`. */
export const openaiProtocol: StreamProtocol = {
  name: 'openai',
  check: (contentType) => refuseHtml('openai', contentType),
  createDecoder: (sink, options) =>
    sseEventDecoder(
      sink,
      options,
      ({ data }) => {
        if (data === '[DONE]') return sink.finish();
        const chunk = parseFrame(sink, data) as ChatCompletionChunk | undefined;
        if (!chunk) return;
        if (chunk.error) return sink.fail(new StreamError('server', chunk.error.message ?? 'The model reported an error'));
        const content = chunk.choices?.[0]?.delta?.content;
        if (typeof content === 'string' && content) sink.token(content);
      },
      () => sink.fail(truncated('data: [DONE]')),
    ),
};
