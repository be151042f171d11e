import type { StreamChunk } from '../core/parts/chunks.js';

/** The AI SDK UI message stream (v1) ends with this frame. */
export const UI_DONE_FRAME = 'data: [DONE]\n\n';

/** The header that tells the AI SDK's client the body is a UI message stream. */
export const UI_MESSAGE_STREAM_HEADERS: Readonly<Record<string, string>> = {
  'x-vercel-ai-ui-message-stream': 'v1',
};

/**
 * One chunk as a UI message stream frame: `data: {json}`. JSON.stringify escapes line breaks
 * inside strings, so the frame is always one data line. `id` adds an `id:` line (resumable streams).
 */
export const formatUIChunk = (chunk: StreamChunk | { type: string; [key: string]: unknown }, id?: string): string =>
  `${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(chunk)}\n\n`;
