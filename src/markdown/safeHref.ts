import { decodeEntities } from './decodeEntities.js';

/**
 * The URL as an `href` if it is `http:`, `https:`, `mailto:` or relative, else `undefined`.
 * The scheme is read as a browser would: after decoding character references and dropping the
 * spaces and control characters that URL parsing ignores, case-insensitively (so
 * `JaVaScRiPt:`, `&#106;avascript:` and `java\tscript:` are all refused).
 */
export function safeHref(url: string): string | undefined {
  const href = decodeEntities(url);
  // eslint-disable-next-line no-control-regex
  const scheme = /^([^/?#]*?):/.exec(href.replace(/[\0- ]/g, ''))?.[1];
  return scheme === undefined || /^(https?|mailto)$/i.test(scheme) ? href : undefined;
}
