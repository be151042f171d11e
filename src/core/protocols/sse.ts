import { serverError, sseBased } from './sseEvents.js';

/**
 * Server-sent events: each event's `data` is a text delta, whatever its type, except
 * `event: reasoning` (a reasoning delta). `event: done` (or the body's end) finishes;
 * `event: error` ends with a `server` error carrying its data; `event: cancelled` (a resumable
 * stream stopped by the server) is an `abort` chunk: the reply ends `cancelled`.
 */
export const sseProtocol = /* @__PURE__ */ sseBased('sse', (sink) => ({ event, data }) => {
  if (event === 'done') sink.finish();
  else if (event === 'error') sink.fail(serverError(data));
  else if (event === 'reasoning') sink.part({ type: 'reasoning-delta', delta: data });
  else if (event === 'cancelled') sink.part({ type: 'abort' });
  else sink.token(data);
});
