import type { Token, Tokens } from 'marked';
import { completeInline } from './completeInline.js';
import { lexInline } from './lex.js';

/** A token with inline content: a paragraph, a heading, a list item's text, a table cell. */
type Leaf = { text: string; tokens: Token[] };

/**
 * The open block as it should show while streaming: its last paragraph (or heading, list item,
 * table cell) lexed from its completed text (see `completeInline`), and an open code fence
 * without a half-typed closing fence. `token` was just lexed for this flush: it is patched in
 * place and returned.
 */
export function completeTail(token: Token): Token {
  const leaf = lastLeaf(token);
  if (!leaf) return token;
  const completed = completeInline(leaf.text);
  if (completed !== leaf.text) leaf.tokens = withoutAddedMarkers(lexInline(completed), completed.length - leaf.text.length);
  return token;
}

function lastLeaf(token: Token | undefined): Leaf | undefined {
  switch (token?.type) {
    case 'paragraph':
    case 'heading':
      return token as Leaf;
    case 'text':
      return token.tokens ? (token as Leaf) : undefined;
    case 'list':
      return lastLeaf((token as Tokens.List).items.at(-1));
    case 'list_item':
    case 'blockquote':
      return lastLeaf(token.tokens?.findLast((child) => child.type !== 'space'));
    case 'table': {
      const { header, rows } = token as Tokens.Table;
      // marked pads a short row with empty cells: the one being typed is the last with text.
      return (rows.at(-1) ?? header).findLast((cell) => cell.text);
    }
    case 'code':
      dropPartialFence(token as Tokens.Code);
      return undefined;
    default:
      return undefined;
  }
}

/** An open fence's last line, while it is only a part of the closing fence, is not code yet. */
function dropPartialFence(code: Tokens.Code): void {
  const fence = /^ {0,3}(`{3,}|~{3,})/.exec(code.raw)?.[1];
  const lastLine = /(^|\n)([^\n]*)$/.exec(code.text)!;
  if (fence && new RegExp(`^ {0,3}\\${fence[0]}+\\s*$`).test(lastLine[2]!)) code.text = code.text.slice(0, lastLine.index);
}

/**
 * When the lexer did not pair a closer we added (a case `completeInline` misjudged), the closer
 * would show as text at the end: cut it there.
 */
function withoutAddedMarkers(tokens: Token[], added: number): Token[] {
  const last = tokens.at(-1);
  if (last?.type === 'text' && added > 0) {
    const text = last.text.replace(/[`*_~]+(\s*)$/, (found: string, space: string) => (found.length - space.length <= added ? space : found));
    if (text !== last.text) tokens[tokens.length - 1] = { ...last, text, raw: text };
  }
  return tokens;
}
