import { createElement, memo } from 'react';
import type { MarkdownComponents } from './markdownComponents.js';
import { renderToken } from './renderToken.js';
import type { MarkdownBlock as Block } from './splitBlocks.js';

interface BlockProps {
  block: Block;
  components: MarkdownComponents | undefined;
}

/**
 * One block. A finished block keeps its object from flush to flush (see `splitBlocks`), so it
 * renders once and its `components` are not called again.
 */
export const MarkdownBlock = memo(
  ({ block, components }: BlockProps) => renderToken(block.token, components, block.open),
  (before, after) => before.block === after.block && before.components === after.components,
);

interface GroupProps {
  blocks: Block[];
  components: MarkdownComponents | undefined;
}

/** A group of blocks (see `groupBlocks`): skipped as a whole while none of them changed. */
export const MarkdownBlockGroup = memo(
  ({ blocks, components }: GroupProps) => blocks.map((block) => createElement(MarkdownBlock, { key: block.key, block, components })),
  (before, after) => before.blocks === after.blocks && before.components === after.components,
);
