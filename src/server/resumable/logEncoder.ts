import type { ServerEventInput, UIMessageInput } from '../types.js';
import { createUIMessageWriter } from '../uiMessageWriter.js';
import type { LogEvent, StreamFormat } from './types.js';

/** Room a store keeps in every log for the closing events (a 'ui' end takes up to three). */
export const RESERVED_EVENTS = 4;

/** Turns what a source yields, and the ways a stream ends, into log events of one format. */
export interface LogEncoder {
  item(value: unknown): LogEvent[];
  done(): LogEvent[];
  cancelled(): LogEvent[];
  error(message: string): LogEvent[];
}

/** The closing events of a stream that ends in error (also a lost producer, on the reader's side). */
export const errorEvents = (format: StreamFormat, message: string): LogEvent[] =>
  format === 'sse' ? [{ event: 'error', data: message }] : [ui({ type: 'error', errorText: message }), UI_DONE];

/**
 * `'sse'`: strings are `data:` events, `{ event?, data }` as given (the store assigns ids);
 * the end is `event: done`, `event: cancelled` or `event: error`.
 * `'ui'`: as `uiMessageStream` writes it, `data: {json}` per chunk, strings as text deltas; every
 * end is `data: [DONE]`, after a `{"type":"abort"}` or `{"type":"error"}` chunk when not done.
 */
export function logEncoder(format: StreamFormat): LogEncoder {
  return format === 'sse' ? sseEncoder() : uiEncoder();
}

function sseEncoder(): LogEncoder {
  return {
    item(value) {
      const { event, data } = typeof value === 'string' ? { event: undefined, data: value } : (value as Exclude<ServerEventInput, string>);
      if (typeof data !== 'string') throw new TypeError('An SSE event needs a string `data`');
      if (event === undefined) return [{ data }];
      // A line break would end the field early and let the rest forge new fields.
      if (/[\r\n]/.test(event)) throw new TypeError('SSE event must not contain line breaks');
      return [{ event, data }];
    },
    done: () => [{ event: 'done', data: '' }],
    cancelled: () => [{ event: 'cancelled', data: '' }],
    error: (message) => errorEvents('sse', message),
  };
}

const UI_DONE: LogEvent = { data: '[DONE]' };
const ui = (chunk: object): LogEvent => ({ data: JSON.stringify(chunk) });

/**
 * The UI message stream exactly as `uiMessageStream` writes it (`start`, text parts around
 * strings, `finish`), one log event per frame: the shared writer's `data:` frames, split.
 */
function uiEncoder(): LogEncoder {
  const writer = createUIMessageWriter({ errorMessage: String });
  const events = (frames: string): LogEvent[] =>
    frames
      .split('\n\n')
      .filter((frame) => frame.startsWith('data: '))
      .map((frame) => ({ data: frame.slice('data: '.length) }));
  return {
    item: (value) => events(writer.item(value as UIMessageInput)),
    done: () => events(writer.end()),
    cancelled: () => [ui({ type: 'abort' }), UI_DONE],
    error: (message) => errorEvents('ui', message),
  };
}
