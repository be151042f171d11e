import type { ServerEventInput } from './types.js';

/** Ends a stream; it has no data line, so an SSE parser dispatches nothing for it but its type. */
export const DONE_FRAME = 'event: done\ndata:\n\n';

export const HEARTBEAT_FRAME = ': heartbeat\n\n';

// A field value with a line break would end the field early and let the rest forge new fields.
const singleLine = (field: string, value: string): string => {
  if (/[\r\n]/.test(value)) throw new TypeError(`SSE ${field} must not contain line breaks`);
  return value;
};

/**
 * Serializes one event as an SSE frame: `event:` and `id:` lines when present, one `data:` line
 * per line of data (CRLF and CR read as LF, as an EventSource parser reads them), a blank line.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export function formatServerEvent(input: ServerEventInput): string {
  const { event, data, id } = typeof input === 'string' ? { data: input } : input;
  let frame = '';
  if (event !== undefined) frame += `event: ${singleLine('event', event)}\n`;
  if (id !== undefined) frame += `id: ${singleLine('id', id)}\n`;
  for (const line of data.split(/\r\n|\r|\n/)) frame += line === '' ? 'data:\n' : `data: ${line}\n`;
  return `${frame}\n`;
}
