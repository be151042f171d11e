import { getDefaults, Lexer, type Token } from 'marked';

// marked's own defaults (CommonMark + GFM), fresh on each call: the Lexer writes into the options
// object it is given, and `marked.use()` elsewhere in the app must not reach our parse.

/** Block tokens of `src`, with their inline tokens; `links` holds the reference definitions. */
export const lexBlocks = (src: string) => Lexer.lex(src, getDefaults());

/** Inline tokens of `src` (a paragraph's or a cell's text). */
export const lexInline = (src: string): Token[] => Lexer.lexInline(src, getDefaults());
