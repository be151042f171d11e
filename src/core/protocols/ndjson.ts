import { StreamError } from '../errors';
import { refuseHtml } from './contentType';
import { parseFrame } from './sseEvents';
import type { DecoderSink, StreamProtocol } from './streamProtocol';

type Frame = Record<string, any>;

/** The first string among the fields servers use (Ollama's `response` and `message.content`). */
const tokenOf = (frame: Frame) =>
  [frame.text, frame.content, frame.delta, frame.token, frame.response, frame.message?.content].find(
    (value) => typeof value === 'string',
  ) as string | undefined;

function handleLine(sink: DecoderSink, line: string): void {
  if (!line.trim()) return;
  const frame = parseFrame(sink, line) as Frame | string | undefined;
  if (typeof frame === 'string') return sink.token(frame);
  if (!frame || typeof frame !== 'object') return;
  const { error } = frame;
  if (error != null) {
    return sink.fail(new StreamError('server', typeof error === 'string' ? error : (error.message ?? JSON.stringify(error))));
  }
  sink.token(tokenOf(frame) ?? '');
  if (frame.done === true) sink.finish();
}

/** One JSON value per line (NDJSON / JSON Lines). */
export const ndjsonProtocol: StreamProtocol = {
  name: 'ndjson',
  check: (contentType) => refuseHtml('ndjson', contentType),
  createDecoder: (sink, { maxLineLength }) => {
    let partial = '';
    const tooLong = () => sink.fail(new StreamError('protocol', `A line is longer than maxLineLength (${maxLineLength})`));
    return {
      feed(text) {
        // Split only when a line ends, so a long line arriving in many pieces is not rescanned.
        if (!text.includes('\n')) {
          partial += text;
          return void (partial.length > maxLineLength && tooLong());
        }
        const lines = (partial + text).split('\n');
        partial = lines.pop()!;
        for (const line of lines) {
          if (line.length > maxLineLength) return tooLong();
          handleLine(sink, line);
        }
        if (partial.length > maxLineLength) tooLong();
      },
      end() {
        handleLine(sink, partial);
        sink.finish();
      },
    };
  },
};
