import type { SourcePart } from '../../core/parts/messagePart.js';

/** Only these schemes become links: a model's output must not be able to run script on a click. */
const linkable = /^https?:\/\//i;

/**
 * A source as a chip (`.rsc-source`): a link that opens in a new tab when its URL is `http:` or
 * `https:` (`rel="noopener noreferrer"`), plain text otherwise. Shows the title, else the URL.
 */
export function SourceLink({ part: { url, title } }: { part: SourcePart }) {
  return linkable.test(url) ? (
    <a className="rsc-source" href={url} target="_blank" rel="noopener noreferrer">
      {title || url}
    </a>
  ) : (
    <span className="rsc-source">{title || url}</span>
  );
}
