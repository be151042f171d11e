/** What the mock model says: long enough to watch it stream, and to stop it halfway. */
export const essay = [
  [
    'Streaming a model’s answer is a pipeline with a slow end and a fast end.',
    'The network hands the client bytes whenever it likes; the screen can only take a new frame',
    'about sixty times a second. Between them sits a small buffer.',
  ],
  [
    'When the buffer fills, the client simply stops asking for more bytes. The server notices,',
    'because its writes stop draining, and pauses its own producer. Nothing is dropped and',
    'nothing piles up: the slowest stage sets the pace for everyone.',
  ],
  [
    'Stopping is the same idea in reverse. The client aborts its request and cancels the body',
    'reader, the connection closes, and the server’s generator unwinds through its finally',
    'block. Every token that arrived before the stop stays on the screen, marked as stopped.',
  ],
]
  .map((paragraph) => paragraph.join(' '))
  .join('\n\n');

const words = ['stream', 'token', 'frame', 'buffer', 'reader', 'render', 'chunk', 'bytes', 'pause', 'flush'];

/** `count` word tokens, each with its trailing space, a line break every 16. */
export function manyTokens(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${words[i % words.length]}${i % 16 === 15 ? '\n' : ' '}`);
}
