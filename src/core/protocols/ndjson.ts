import { StreamError } from '../errors';
import { refuseHtml } from './contentType';
import { parseFrame } from './sseEvents';
import type { DecoderSink, StreamProtocol } from './streamProtocol';

type Frame = Record<string, unknown> & { message?: { content?: unknown } };

const TOKEN_FIELDS = ['text', 'content', 'delta', 'token', 'response'] as const;

/** The first string among the fields servers use (Ollama's `response` and `message.content`). */
function tokenOf(frame: Frame): string | undefined {
  for (const field of TOKEN_FIELDS) if (typeof frame[field] === 'string') return frame[field];
  const nested = frame.message?.content;
  return typeof nested === 'string' ? nested : undefined;
}

function handleLine(sink: DecoderSink, line: string): void {
  if (!line.trim()) return;
  const value = parseFrame(sink, line);
  if (typeof value === 'string') return value ? sink.token(value) : undefined;
  if (!value || typeof value !== 'object') return;
  const frame = value as Frame;
  if (frame.error !== undefined && frame.error !== null) {
    const error = frame.error as { message?: unknown };
    const message = typeof error === 'string' ? error : typeof error.message === 'string' ? error.message : JSON.stringify(error);
    return sink.fail(new StreamError('server', message));
  }
  const token = tokenOf(frame);
  if (token) sink.token(token);
  if (frame.done === true) sink.finish();
}

/** One JSON value per line (NDJSON / JSON Lines). */
export const ndjsonProtocol: StreamProtocol = {
  name: 'ndjson',
  check: (contentType) => refuseHtml('ndjson', contentType),
  createDecoder: (sink, { maxLineLength }) => {
    let partial = '';
    return {
      feed(text) {
        let start = 0;
        for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
          const line = partial + text.slice(start, end);
          partial = '';
          start = end + 1;
          if (line.length > maxLineLength) return tooLong(sink, maxLineLength);
          handleLine(sink, line);
        }
        partial += text.slice(start);
        if (partial.length > maxLineLength) tooLong(sink, maxLineLength);
      },
      end() {
        if (partial) handleLine(sink, partial);
        sink.finish();
      },
    };
  },
};

function tooLong(sink: DecoderSink, limit: number): void {
  sink.fail(new StreamError('protocol', `A line is longer than maxLineLength (${limit} characters)`));
}
