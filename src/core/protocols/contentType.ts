import { StreamError } from '../errors.js';

/** An HTML page (a proxy's or framework's error page served as 200) is never a token stream. */
export const refuseHtml = (contentType: string): StreamError | undefined =>
  /^\s*(text\/html|application\/xhtml\+xml)/i.test(contentType)
    ? new StreamError('protocol', `Expected a stream, got ${contentType}`)
    : undefined;
