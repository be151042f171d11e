import { StreamError } from '../errors.js';
import { refuseHtml } from './contentType.js';
import { parseFrame, serverError } from './sseEvents.js';
import type { DecoderSink, StreamProtocol } from './streamProtocol.js';

function handleLine(sink: DecoderSink, line: string): void {
  if (!line.trim()) return;
  // `?? {}`: a line that is not JSON has failed the stream already; other values have no fields.
  const frame = parseFrame(sink, line) ?? {};
  if (typeof frame === 'string') return sink.token(frame);
  const { error } = frame;
  if (error != null) return sink.fail(serverError(typeof error === 'string' ? error : (error.message ?? JSON.stringify(error))));
  // The first string among the fields servers use (Ollama's `response` and `message.content`).
  const token = [frame.text, frame.content, frame.delta, frame.token, frame.response, frame.message?.content].find(
    (value) => typeof value === 'string',
  );
  if (token) sink.token(token);
  if (frame.done === true) sink.finish();
}

/** One JSON value per line (NDJSON / JSON Lines). */
export const ndjsonProtocol: StreamProtocol = {
  name: 'ndjson',
  check: refuseHtml,
  createDecoder(sink, { maxLineLength }) {
    let partial = '';
    const fits = (line: string) => {
      if (line.length <= maxLineLength) return true;
      sink.fail(new StreamError('protocol', `A line is longer than ${maxLineLength} characters`));
      return false;
    };
    return {
      feed(text) {
        // Split only once a line ends, so a long line arriving in many pieces is not rescanned.
        const lines = text.includes('\n') ? (partial + text).split('\n') : [partial + text];
        partial = lines.pop()!;
        for (const line of lines) {
          if (!fits(line)) return;
          handleLine(sink, line);
        }
        fits(partial);
      },
      end() {
        handleLine(sink, partial);
        sink.finish();
      },
    };
  },
};
