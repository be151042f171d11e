import { createElement, useMemo, useRef } from 'react';
import { MarkdownBlock } from './MarkdownBlock.js';
import type { MarkdownComponents } from './markdownComponents.js';
import { splitBlocks, type MarkdownBlocks } from './splitBlocks.js';

export interface StreamingMarkdownProps {
  /** The markdown so far. */
  text: string;
  /**
   * True while `text` is still growing: only its last blocks are parsed and rendered again on
   * each change, and the last one shows no half-received markers. Default `false`: the whole
   * text is rendered as CommonMark + GFM says.
   */
  streaming?: boolean;
  /** Replacement components by tag name, as in react-markdown. Keep the object stable. */
  components?: MarkdownComponents;
}

const style = { whiteSpace: 'normal' } as const;

/**
 * Markdown (CommonMark + GFM) as React elements, never as HTML, rendered block by block: as the
 * text streams in, finished blocks stay as they are and only the last one renders again, so a
 * flush costs the same at 100 KB as at 1 KB. Only `http:`, `https:`, `mailto:` and relative
 * links become `href`s; images show as links unless `components.img` renders them.
 */
export function StreamingMarkdown({ text, streaming = false, components }: StreamingMarkdownProps) {
  // The last split: where the next one can start from. Splitting is pure, so a render that
  // React throws away leaves nothing wrong here, at worst a split that starts from scratch.
  const last = useRef<MarkdownBlocks | undefined>(undefined);
  const { blocks } = useMemo(() => (last.current = splitBlocks(text, streaming, last.current)), [text, streaming]);
  // createElement rather than JSX in this entry: the JSX runtime would add ~250 B to the bundle.
  return createElement(
    'div',
    { className: 'rsc-markdown', 'data-streaming': streaming ? '' : undefined, style },
    blocks.map((block) => createElement(MarkdownBlock, { key: block.key, block, components })),
  );
}
