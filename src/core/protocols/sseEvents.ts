import { StreamError } from '../errors.js';
import { createSSEParser, type SSEEvent } from '../sseParser.js';
import { refuseHtml } from './contentType.js';
import { endOnce } from './endOnce.js';
import type { DecoderSink, StreamProtocol } from './streamProtocol.js';

/**
 * A protocol carried by server-sent events. `handler` is called once per response with its sink
 * and returns what turns each event into calls on that sink, so a decoder can keep state (open
 * tool calls, say). With a `terminal` event, a body that ends without it is truncated (a
 * `network` error); without one, the body's end finishes the stream. Nothing is read after the
 * sink has finished or failed. Event ids and `retry:` go to the sink's `eventId` and `retry`.
 */
export const sseBased = (
  name: string,
  handler: (sink: DecoderSink) => (event: SSEEvent) => void,
  terminal?: string,
): StreamProtocol => ({
  name,
  check: refuseHtml,
  createDecoder(outer, { maxLineLength }) {
    const sink = endOnce(outer);
    const onEvent = handler(sink);
    const parser = createSSEParser({
      maxLineLength,
      onEvent(event) {
        if (sink.ended) return;
        onEvent(event);
        // After the event's chunks: a reconnect resumes after the last event fully read.
        if (event.id !== undefined) sink.eventId(event.id);
      },
      onRetry: sink.retry,
      onError: (error) => sink.fail(new StreamError('protocol', error.message, { cause: error })),
    });
    return {
      feed: (text) => sink.ended || parser.feed(text),
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
