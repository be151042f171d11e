import type { StreamProtocol } from './streamProtocol.js';

/** Plain text: every decoded piece is a token; the body's end is the stream's end. */
export const textProtocol: StreamProtocol = {
  name: 'text',
  createDecoder: (sink) => ({
    feed: (text) => sink.token(text),
    end: () => sink.finish(),
  }),
};
