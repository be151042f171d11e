import { StreamError } from '../errors';
import { createSSEParser, type SSEEvent } from '../sseParser';
import type { DecoderOptions, DecoderSink, StreamDecoder } from './streamProtocol';

/** A decoder built on the SSE parser: `onEvent` maps each event to tokens, `end` to the outcome. */
export function sseEventDecoder(
  sink: DecoderSink,
  { maxLineLength }: DecoderOptions,
  onEvent: (event: SSEEvent) => void,
  end: () => void,
): StreamDecoder {
  const parser = createSSEParser({
    maxLineLength,
    onEvent,
    onError: (error) => sink.fail(new StreamError('protocol', error.message, { cause: error })),
  });
  return { feed: (text) => parser.feed(text), end };
}

/** Parses a frame's JSON; a frame that is not JSON ends the stream with a `protocol` error. */
export function parseFrame(sink: DecoderSink, data: string): unknown {
  try {
    return JSON.parse(data);
  } catch (cause) {
    sink.fail(new StreamError('protocol', `Malformed frame: ${data.slice(0, 200)}`, { cause }));
    return undefined;
  }
}

export const truncated = (terminal: string) =>
  new StreamError('network', `The stream ended before ${terminal}: the response is incomplete`);
