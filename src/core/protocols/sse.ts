import { serverError, sseBased } from './sseEvents.js';

/**
 * Server-sent events: each event's `data` is a token, whatever its type. `event: done` (or the
 * body's end) finishes; `event: error` ends with a `server` error carrying its data.
 */
export const sseProtocol = sseBased('sse', (sink, { event, data }) => {
  if (event === 'done') sink.finish();
  else if (event === 'error') sink.fail(serverError(data));
  else sink.token(data);
});
