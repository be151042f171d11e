import type { Token, Tokens } from 'marked';
import { completeInline } from './completeInline.js';
import { lexInline } from './lex.js';

/** A token with inline content: a paragraph, a heading, a list item's text, a table cell. */
type Leaf = { text: string; tokens: Token[] };

/**
 * The open block as it should show while streaming: its last paragraph (or heading, list item,
 * table cell) lexed again from its completed text (see `completeInline`). An open code fence
 * needs nothing: the lexer already runs it to the end of the text. `token` was just lexed for
 * this flush: it is patched in place and returned.
 */
export function completeTail(token: Token): Token {
  const leaf = lastLeaf(token);
  if (!leaf) return token;
  const completed = completeInline(leaf.text);
  if (completed !== leaf.text) leaf.tokens = lexInline(completed);
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
    default:
      return undefined;
  }
}
