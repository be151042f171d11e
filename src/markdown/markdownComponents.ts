import type { ComponentType, JSX } from 'react';

/** The elements markdown renders to, which `components` can replace. */
export type MarkdownTag =
  | 'p' | 'a' | 'code' | 'pre' | 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6' | 'ul' | 'ol' | 'li'
  | 'blockquote' | 'table' | 'thead' | 'tbody' | 'tr' | 'th' | 'td' | 'strong' | 'em' | 'del'
  | 'hr' | 'img' | 'br' | 'input';

/**
 * Replacements for the elements markdown renders to, by tag name, as in react-markdown: each
 * receives the element's props (`href`, `className`, `start`, `style`…) and its `children`.
 * `img` receives `src`, `alt` and `title`; without it an image renders as a link to its source,
 * so nothing is fetched. The `pre` and `code` of a code block that is still streaming carry
 * `data-streaming=""`. Keep the object stable (outside the component, or in `useMemo`).
 */
export type MarkdownComponents = {
  [Tag in MarkdownTag]?: ComponentType<JSX.IntrinsicElements[Tag]>;
};
