import { createElement, memo } from 'react';
import type { MarkdownComponents } from './markdownComponents.js';
import { renderToken } from './renderToken.js';
import type { MarkdownBlock as Block } from './splitBlocks.js';

// Both are memoized on their props (`memo`'s shallow compare), so what decides is identity: a
// block object kept from flush to flush (see `splitBlocks`), a group array kept while its blocks
// are (see `groupBlocks`), the same `components` (see `StreamingMarkdown`).

/** One block: renders once when finished, and its `components` are not called again. */
export const MarkdownBlock = memo(({ block, components }: { block: Block; components: MarkdownComponents | undefined }) =>
  renderToken(block.token, components, block.open),
);

/** A group of blocks, skipped as a whole while none of them changed. */
export const MarkdownBlockGroup = memo(({ blocks, components }: { blocks: Block[]; components: MarkdownComponents | undefined }) =>
  blocks.map((block) => createElement(MarkdownBlock, { key: block.key, block, components })),
);
