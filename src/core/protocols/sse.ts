import { StreamError } from '../errors';
import { refuseHtml } from './contentType';
import { sseEventDecoder } from './sseEvents';
import type { StreamProtocol } from './streamProtocol';

/**
 * Server-sent events: each event's `data` is a token, whatever its type. `event: done` (or the
 * body's end) finishes; `event: error` ends with a `server` error carrying its data.
 */
export const sseProtocol: StreamProtocol = {
  name: 'sse',
  check: (contentType) => refuseHtml('sse', contentType),
  createDecoder: (sink, options) =>
    sseEventDecoder(
      sink,
      options,
      ({ event, data }) => {
        if (event === 'done') sink.finish();
        else if (event === 'error') sink.fail(new StreamError('server', data || 'The server reported an error'));
        else if (data) sink.token(data);
      },
      () => sink.finish(),
    ),
};
