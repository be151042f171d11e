/**
 * Completes the inline markup that a streaming paragraph (or heading, list item, table cell)
 * leaves open at its end, so that it renders without raw markers: an unclosed `` ` ``, `**`,
 * `*`, `__`, `_` or `~~` is closed (or dropped when nothing follows it yet), and an unfinished
 * link (`[text`, `[text]`, `[text](url`) is reduced to its text. It only edits the source;
 * marked's lexer still does the parsing. Closing early is fine: the next flush re-lexes the
 * real text.
 */
export function completeInline(src: string): string {
  const chars = src.split('');
  const { masked, codeAt, codeRun } = maskCode(src);
  const end = codeAt < 0 ? src.length : codeAt;
  let code = '';
  if (codeAt >= 0) {
    // An unclosed code span runs to the end: close it, or drop its opener when it is still empty.
    if (src.slice(codeAt + codeRun).trim()) code = '`'.repeat(codeRun);
    else for (let i = codeAt; i < codeAt + codeRun; i++) chars[i] = '';
  }
  completeLink(masked, end, chars);
  const closers = completeEmphasis(masked, end, chars);
  // The closers go before trailing whitespace: `**bold **` would not close.
  return chars.join('').replace(/\s*$/, (space) => code + closers + space);
}

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isPunct = (c: string | undefined) => c !== undefined && /[\p{P}\p{S}]/u.test(c);

/**
 * `src` with the contents of closed code spans and escaped characters blanked out (so their
 * markers are not seen), and where an unclosed code span starts.
 */
function maskCode(src: string): { masked: string; codeAt: number; codeRun: number } {
  let masked = '';
  let codeAt = -1;
  let codeRun = 0;
  for (let i = 0; i < src.length; ) {
    if (src[i] === '\\' && codeAt < 0) {
      masked += src[i + 1] === undefined ? '\\' : '  ';
      i += 2;
      continue;
    }
    if (src[i] !== '`') {
      masked += codeAt < 0 ? src[i] : ' ';
      i++;
      continue;
    }
    let j = i;
    while (src[j] === '`') j++;
    if (codeAt < 0) {
      codeAt = masked.length;
      codeRun = j - i;
    } else if (j - i === codeRun) {
      masked = masked.slice(0, codeAt) + ' '.repeat(j - codeAt);
      codeAt = -1;
      i = j;
      continue;
    }
    masked += ' '.repeat(j - i);
    i = j;
  }
  return { masked: masked.slice(0, src.length), codeAt, codeRun };
}

/** `[text`, `[text]` and `[text](url` (and their `![alt]…` forms) at the end show only the text. */
function completeLink(masked: string, end: number, chars: string[]): void {
  const open = masked.lastIndexOf('[', end - 1);
  if (open < 0) return;
  const rest = masked.slice(open + 1, end);
  const unfinished = /^([^\]]*)(\](\([^)]*)?)?$/.exec(rest);
  if (!unfinished) return;
  chars[open] = '';
  if (masked[open - 1] === '!') chars[open - 1] = '';
  for (let i = open + 1 + unfinished[1]!.length; i < end; i++) chars[i] = '';
}

interface Opener {
  mark: string;
  at: number;
  length: number;
}

/**
 * Pairs the delimiter runs of `*`, `_` and `~~` before `end` (CommonMark's flanking rules, in
 * short) and returns the closers for those still open. A run at the very end that closes
 * nothing is dropped: what follows decides whether it opens.
 */
function completeEmphasis(masked: string, end: number, chars: string[]): string {
  const stack: Opener[] = [];
  for (let i = 0; i < end; ) {
    const mark = masked[i]!;
    if (mark !== '*' && mark !== '_' && mark !== '~') {
      i++;
      continue;
    }
    let j = i;
    while (masked[j] === mark && j < end) j++;
    const length = j - i;
    const before = masked[i - 1];
    const after = j < end ? masked[j] : undefined;
    const at = i;
    const drop = () => {
      for (let k = at; k < j; k++) chars[k] = '';
    };
    i = j;
    if (mark === '~' && length < 2) {
      // One tilde is text, unless it is the first half of `~~`.
      if (after === undefined) drop();
      continue;
    }
    const left = !isSpace(after) && (!isPunct(after) || isSpace(before) || isPunct(before));
    const right = !isSpace(before) && (!isPunct(before) || isSpace(after) || isPunct(after));
    const canOpen = left && (mark !== '_' || !right || isPunct(before));
    const canClose = right && (mark !== '_' || !left || isPunct(after));
    const match = canClose ? stack.findLastIndex((opener) => opener.mark === mark) : -1;
    if (match >= 0) {
      // A closer at the very end shorter than its opener may be the start of the real closer.
      if (after === undefined && length < stack[match]!.length) drop();
      else stack.length = match;
    } else if (canOpen) stack.push({ mark, at, length });
    else if (after === undefined) drop();
  }
  // Openers with nothing after them yet are dropped, the others closed, innermost first.
  let closers = '';
  for (let k = stack.length - 1; k >= 0; k--) {
    const opener = stack[k]!;
    if (!closers && !chars.slice(opener.at + opener.length).join('').trim()) {
      for (let i = opener.at; i < opener.at + opener.length; i++) chars[i] = '';
    } else closers += opener.mark.repeat(opener.length);
  }
  return closers;
}
