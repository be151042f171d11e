import type { Token, Tokens } from 'marked';
import { createElement, type ReactNode } from 'react';
import { decodeEntities } from './decodeEntities.js';
import type { MarkdownComponents, MarkdownTag } from './markdownComponents.js';
import { safeHref } from './safeHref.js';

/**
 * Maps one of marked's tokens (block or inline) to React elements, through `components`. Never
 * HTML: raw HTML in the text, like everything else, ends up as text children.
 * `streaming` marks the code block of the open block (`data-streaming=""` on its `pre` and `code`).
 */
export function renderToken(token: Token, components: MarkdownComponents = {}, streaming = false): ReactNode {
  const element = (tag: MarkdownTag, props: object | null, key: number | undefined, children?: ReactNode) =>
    createElement((components[tag] ?? tag) as string, { ...props, key }, children);

  const all = (tokens: Token[] = []): ReactNode[] => tokens.map(render);

  function render(token: Token, key?: number): ReactNode {
    const t = token as Tokens.Generic;
    switch (token.type) {
      case 'paragraph':
        return element('p', null, key, all(t.tokens));
      case 'heading':
        return element(`h${t.depth}` as MarkdownTag, null, key, all(t.tokens));
      case 'text':
        return t.tokens ? all(t.tokens) : decodeEntities(t.text);
      case 'escape':
        return t.text;
      case 'codespan':
        return element('code', null, key, t.text);
      case 'strong':
      case 'em':
      case 'del':
      case 'blockquote':
      case 'br':
      case 'hr':
        return element(token.type, null, key, t.tokens && all(t.tokens));
      case 'link':
        return element('a', { href: safeHref(t.href), title: title(t) }, key, all(t.tokens));
      case 'image': {
        const src = safeHref(t.href);
        const alt = decodeEntities(t.text);
        return components.img
          ? element('img', { src, alt, title: title(t) }, key)
          : element('a', { href: src, title: title(t) }, key, alt || t.href);
      }
      case 'code': {
        const mark = streaming ? { 'data-streaming': '' } : null;
        const lang = t.lang?.split(/\s/)[0];
        return element('pre', mark, key, element('code', { ...mark, className: lang ? `language-${lang}` : undefined }, undefined, t.text));
      }
      case 'list': {
        const { ordered, start, items } = token as Tokens.List;
        return element(ordered ? 'ol' : 'ul', { start: ordered ? start : undefined }, key, items.map(render));
      }
      case 'list_item':
        return element('li', { className: t.task ? 'task-list-item' : undefined }, key, all(t.tokens));
      case 'checkbox':
        // Named, so assistive technology says what it is; the item's text follows it.
        return [element('input', { type: 'checkbox', checked: t.checked, disabled: true, 'aria-label': 'Task' }, key), ' '];
      case 'table': {
        const { header, rows, align } = token as Tokens.Table;
        const row = (cells: Tokens.TableCell[], tag: 'th' | 'td', key: number) =>
          element('tr', null, key, cells.map((cell, i) => element(tag, { style: align[i] ? { textAlign: align[i] } : undefined }, i, all(cell.tokens))));
        return element('table', null, key, [
          element('thead', null, 0, row(header, 'th', 0)),
          rows.length ? element('tbody', null, 1, rows.map((cells, i) => row(cells, 'td', i))) : null,
        ]);
      }
      case 'space':
      case 'def':
        return null;
      case 'html':
        // Shown as typed, never parsed: a block of HTML as a paragraph of text.
        return t.block ? element('p', null, key, t.text.trim()) : t.raw;
      default:
        return t.raw;
    }
  }

  return render(token);
}

const title = (token: Tokens.Generic): string | undefined => (token.title ? decodeEntities(token.title) : undefined);
