// The named character references a model's answer actually uses; numeric ones are decoded in full.
const named: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«',
  raquo: '»', bull: '•', middot: '·', deg: '°', plusmn: '±', times: '×', divide: '÷', micro: 'µ',
  para: '¶', sect: '§', euro: '€', pound: '£', yen: '¥', cent: '¢', larr: '←', rarr: '→', uarr: '↑',
  darr: '↓', harr: '↔', rArr: '⇒', le: '≤', ge: '≥', ne: '≠', asymp: '≈', infin: '∞', frac12: '½',
  shy: '\u00ad', zwj: '\u200d', zwnj: '\u200c', check: '✓',
};

/**
 * Decodes character references (`&amp;`, `&#169;`, `&#xA9;`) as CommonMark does in text, link
 * destinations and titles. Unknown names stay as they are; invalid code points become U+FFFD.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#(\d{1,7})|#[xX]([\da-fA-F]{1,6})|([a-zA-Z][a-zA-Z\d]{1,31}));/g, (ref, dec?: string, hex?: string, name?: string) => {
    if (name) return named[name] ?? ref;
    const code = dec ? Number(dec) : parseInt(hex!, 16);
    return String.fromCodePoint(code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? 0xfffd : code);
  });
}
