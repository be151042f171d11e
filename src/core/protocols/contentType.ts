import { StreamError } from '../errors';

/** An HTML page (a proxy's or framework's error page served as 200) is never a token stream. */
export function refuseHtml(protocol: string, contentType: string): StreamError | undefined {
  if (!/^\s*(text\/html|application\/xhtml\+xml)/i.test(contentType)) return undefined;
  return new StreamError('protocol', `Expected a ${protocol} stream but the server sent ${contentType}`);
}
