import { parseFrame, serverError, sseBased } from './sseEvents.js';

interface MessagesEvent {
  type?: string;
  delta?: { text?: unknown };
  error?: { type?: string; message?: string };
}

/** Anthropic Messages API: `content_block_delta` text deltas, ends at `message_stop`. */
export const anthropicProtocol = sseBased(
  'anthropic',
  (sink, { data }) => {
    const frame: MessagesEvent | undefined = parseFrame(sink, data);
    const type = frame?.type;
    if (type === 'content_block_delta') {
      const { text } = frame!.delta ?? {};
      if (typeof text === 'string') sink.token(text);
    } else if (type === 'message_stop') sink.finish();
    else if (type === 'error') {
      const { type = 'error', message = 'no message' } = frame!.error ?? {};
      sink.fail(serverError(`${type}: ${message}`));
    }
  },
  'message_stop',
);
