import type { MarkdownBlock } from './splitBlocks.js';

/** Blocks per group: a flush reconciles about blocks ÷ 32 groups + 32 blocks, not every block. */
const GROUP = 32;

/**
 * The blocks in groups of 32, each group the same array as in `previous` while its blocks are
 * the same objects, so a memoized group of finished blocks is skipped as a whole. Without
 * groups, a flush at 100 KB (some 800 blocks) spends most of its time comparing the props of
 * blocks that did not change.
 */
export function groupBlocks(blocks: MarkdownBlock[], previous: MarkdownBlock[][] = []): MarkdownBlock[][] {
  const groups: MarkdownBlock[][] = [];
  for (let start = 0; start < blocks.length; start += GROUP) {
    const group = blocks.slice(start, start + GROUP);
    const before = previous[groups.length];
    groups.push(before?.length === group.length && before.every((block, i) => block === group[i]) ? before : group);
  }
  return groups;
}
