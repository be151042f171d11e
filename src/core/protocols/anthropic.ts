import { StreamError } from '../errors';
import { refuseHtml } from './contentType';
import { parseFrame, sseEventDecoder, truncated } from './sseEvents';
import type { StreamProtocol } from './streamProtocol';

interface MessagesEvent {
  type?: string;
  delta?: { type?: string; text?: unknown };
  error?: { type?: string; message?: string };
}

/** Anthropic Messages API: `content_block_delta` text deltas, ends at `message_stop`. */
export const anthropicProtocol: StreamProtocol = {
  name: 'anthropic',
  check: (contentType) => refuseHtml('anthropic', contentType),
  createDecoder: (sink, options) =>
    sseEventDecoder(
      sink,
      options,
      ({ data }) => {
        const frame = parseFrame(sink, data) as MessagesEvent | undefined;
        if (!frame) return;
        if (frame.type === 'content_block_delta') {
          const text = frame.delta?.text;
          if (typeof text === 'string' && text) sink.token(text);
        } else if (frame.type === 'message_stop') {
          sink.finish();
        } else if (frame.type === 'error') {
          const { type = 'error', message = 'The model reported an error' } = frame.error ?? {};
          sink.fail(new StreamError('server', `${type}: ${message}`));
        }
      },
      () => sink.fail(truncated('message_stop')),
    ),
};
