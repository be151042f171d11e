import { memo } from 'react';
import type { MarkdownComponents } from './markdownComponents.js';
import { renderToken } from './renderToken.js';
import type { MarkdownBlock as Block } from './splitBlocks.js';

export interface MarkdownBlockProps {
  block: Block;
  components: MarkdownComponents | undefined;
}

/**
 * One block. A finished block keeps its object from flush to flush (see `splitBlocks`), so it
 * renders once and its `components` are not called again.
 */
export const MarkdownBlock = memo(
  function MarkdownBlock({ block, components }: MarkdownBlockProps) {
    return renderToken(block.token, components, block.open);
  },
  (before, after) => before.block === after.block && sameComponents(before.components, after.components),
);

// A `components` object written inline is new on every render; equal entries are as good.
function sameComponents(a: MarkdownComponents = {}, b: MarkdownComponents = {}): boolean {
  const keys = Object.keys(a) as (keyof MarkdownComponents)[];
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
