import type { FrameWriter } from './pullStream.js';
import type { UIMessageInput } from './types.js';
import { UI_DONE_FRAME, formatUIChunk } from './uiMessageFrames.js';

export interface UIMessageWriterOptions {
  /** The `errorText` of the `error` chunk sent when the source throws. */
  errorMessage: (error: unknown) => string;
  /** The id of the text or reasoning part that wraps deltas without one. Default: unique per stream. */
  newId?: (type: 'text' | 'reasoning') => string;
}

/**
 * Writes a source's items as the AI SDK UI message stream (v1), in the order its client expects:
 * `start`, the chunks, `finish`, `[DONE]` (`start` and `finish` only when the source did not
 * send its own). The AI SDK's client needs every text and reasoning delta inside a part opened
 * with an id, so deltas without an id (strings, `text-delta`s and `reasoning-delta`s with no
 * `id`) are wrapped: `text-start` before the first, the deltas with its id, `text-end` when
 * anything else comes or the stream ends.
 *
 * Strings in, strings out, no I/O: `uiMessageStream` runs it behind a pull-based stream.
 */
export function createUIMessageWriter(options: UIMessageWriterOptions): FrameWriter<UIMessageInput> {
  const { errorMessage, newId = uniqueIds() } = options;
  let started = false;
  let finished = false;
  let open: { type: 'text' | 'reasoning'; id: string } | undefined;

  const start = (first?: UIMessageInput): string => {
    if (started) return '';
    started = true;
    return typeof first === 'object' && first.type === 'start' ? '' : formatUIChunk({ type: 'start' });
  };
  const close = (): string => {
    if (!open) return '';
    const frame = formatUIChunk({ type: `${open.type}-end`, id: open.id });
    open = undefined;
    return frame;
  };
  const delta = (type: 'text' | 'reasoning', text: string): string => {
    if (!text) return '';
    let frames = '';
    if (open?.type !== type) {
      frames += close();
      open = { type, id: newId(type) };
      frames += formatUIChunk({ type: `${type}-start`, id: open.id });
    }
    return frames + formatUIChunk({ type: `${type}-delta`, id: open.id, delta: text });
  };

  return {
    item(value) {
      const frames = start(value);
      if (typeof value === 'string') return frames + delta('text', value);
      if ((value.type === 'text-delta' || value.type === 'reasoning-delta') && value.id === undefined) {
        return frames + delta(value.type === 'text-delta' ? 'text' : 'reasoning', value.delta);
      }
      if (value.type === 'finish') finished = true;
      return frames + close() + formatUIChunk(value);
    },
    end: () => start() + close() + (finished ? '' : formatUIChunk({ type: 'finish' })) + UI_DONE_FRAME,
    error: (error) => start() + formatUIChunk({ type: 'error', errorText: errorMessage(error) }) + UI_DONE_FRAME,
  };
}

/** `text-<random>-1`, `text-<random>-2`, ...: unique in the message, unlikely to meet an id the source chose. */
function uniqueIds(): (type: string) => string {
  const stream = Math.random().toString(36).slice(2, 10);
  let count = 0;
  return (type) => `${type}-${stream}-${++count}`;
}
