// The named character references a model's answer actually uses; numeric ones are decoded in full.
const named: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”',
};

/**
 * Decodes character references (`&amp;`, `&#169;`, `&#xA9;`) as CommonMark does in text, link
 * destinations and titles. Unknown names stay as they are; code points out of range become U+FFFD.
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#[xX]([\da-fA-F]{1,6})|([a-zA-Z][a-zA-Z\d]{1,31}));/g, (ref, dec?: string, hex?: string, name?: string) => {
    if (name) return named[name] ?? ref;
    const code = dec ? Number(dec) : parseInt(hex!, 16);
    return String.fromCodePoint(code > 0 && code < 0x110000 ? code : 0xfffd);
  });
}
