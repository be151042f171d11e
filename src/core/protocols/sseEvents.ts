import { StreamError } from '../errors.js';
import { createSSEParser, type SSEEvent } from '../sseParser.js';
import { refuseHtml } from './contentType.js';
import type { DecoderSink, StreamProtocol } from './streamProtocol.js';

/**
 * A protocol carried by server-sent events: `onEvent` turns each event into calls on the sink.
 * With a `terminal` event, a body that ends without it is truncated (a `network` error);
 * without one, the body's end finishes the stream.
 */
export const sseBased = (
  name: string,
  onEvent: (sink: DecoderSink, event: SSEEvent) => void,
  terminal?: string,
): StreamProtocol => ({
  name,
  check: refuseHtml,
  createDecoder(sink, { maxLineLength }) {
    const parser = createSSEParser({
      maxLineLength,
      onEvent: (event) => onEvent(sink, event),
      onError: (error) => sink.fail(new StreamError('protocol', error.message, { cause: error })),
    });
    return {
      feed: parser.feed,
      end: () =>
        terminal
          ? sink.fail(new StreamError('network', `The stream ended before ${terminal}`))
          : sink.finish(),
    };
  },
});

/** Parses a frame's JSON; a frame that is not JSON ends the stream with a `protocol` error. */
export function parseFrame(sink: DecoderSink, data: string): any {
  try {
    return JSON.parse(data);
  } catch (cause) {
    sink.fail(new StreamError('protocol', `Malformed frame: ${data.slice(0, 200)}`, { cause }));
  }
}

/** An error the server or model reported in the stream. */
export const serverError = (message?: string) => new StreamError('server', message || 'Server error');
