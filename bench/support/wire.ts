import { protocolFrames } from '../../src/msw/protocolFrames';
import { makeTokens, TOKEN_CHARS } from './tokens';

/** What the bench server speaks: this kit's SSE, or the AI SDK's UI message stream. */
export type Wire = 'sse' | 'ui';

export interface WireFormat {
  headers: Record<string, string>;
  open: string;
  token(token: string): string;
  end: string;
}

const sseFrame = (part: object) => `data: ${JSON.stringify(part)}\n\n`;

export const wires: Record<Wire, WireFormat> = {
  // What `react-streaming-chat/server` writes: one unnamed event per token, then `event: done`.
  sse: {
    headers: { 'content-type': protocolFrames.sse.contentType, 'cache-control': 'no-cache' },
    open: protocolFrames.sse.open,
    token: protocolFrames.sse.token,
    end: protocolFrames.sse.end,
  },
  // The AI SDK 5/6 UI message stream, as `createUIMessageStreamResponse` writes it
  // (see UI_MESSAGE_STREAM_HEADERS and JsonToSseTransformStream in node_modules/ai).
  ui: {
    headers: {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-vercel-ai-ui-message-stream': 'v1',
      'x-accel-buffering': 'no',
    },
    open: sseFrame({ type: 'start' }) + sseFrame({ type: 'start-step' }) + sseFrame({ type: 'text-start', id: 't' }),
    token: (delta) => sseFrame({ type: 'text-delta', id: 't', delta }),
    end:
      sseFrame({ type: 'text-end', id: 't' }) +
      sseFrame({ type: 'finish-step' }) +
      sseFrame({ type: 'finish' }) +
      'data: [DONE]\n\n',
  },
};

/** The frames of a whole reply of `n` tokens of `chars` characters (default `TOKEN_CHARS`). */
export function replyFrames(wire: Wire, n: number, chars = TOKEN_CHARS): string[] {
  const format = wires[wire];
  return [format.open, ...makeTokens(n, chars).map((token) => format.token(token)), format.end].filter(Boolean);
}

/** Bytes on the wire before the first token and per token (every token has `chars` ASCII chars). */
export function wireSizes(wire: Wire, chars = TOKEN_CHARS): { openBytes: number; tokenBytes: number } {
  const format = wires[wire];
  return {
    openBytes: Buffer.byteLength(format.open),
    tokenBytes: Buffer.byteLength(format.token('x'.repeat(chars))),
  };
}
