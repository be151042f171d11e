import { createElement, useMemo, useRef, type ReactElement } from 'react';
import { groupBlocks } from './groupBlocks.js';
import { MarkdownBlockGroup } from './MarkdownBlock.js';
import type { MarkdownComponents } from './markdownComponents.js';
import { splitBlocks, type MarkdownBlock, type MarkdownBlocks } from './splitBlocks.js';

export interface StreamingMarkdownProps {
  /** The markdown so far. */
  text: string;
  /**
   * True while `text` is still growing: only its last blocks are parsed and rendered again on
   * each change, and the last one shows no half-received markers. Default `false`: the whole
   * text is rendered as CommonMark + GFM says.
   */
  streaming?: boolean;
  /**
   * Replacement components by tag name, as in react-markdown. A new object with the same
   * entries (written inline) counts as the same; new entries render every block again.
   */
  components?: MarkdownComponents;
}

const style = { whiteSpace: 'normal' } as const;

/**
 * Markdown (CommonMark + GFM) as React elements, never as HTML, rendered block by block: as the
 * text streams in, finished blocks stay as they are and only the last one renders again, so a
 * flush costs the same at 100 KB as at 1 KB. Only `http:`, `https:`, `mailto:` and relative
 * links become `href`s; images show as links unless `components.img` renders them.
 */
export function StreamingMarkdown({ text, streaming = false, components }: StreamingMarkdownProps): ReactElement {
  // The last split and grouping: where the next ones start from. Both are pure, so a render that
  // React throws away leaves nothing wrong here, at worst a split that starts from scratch.
  const last = useRef<{ split?: MarkdownBlocks; groups?: MarkdownBlock[][]; components?: MarkdownComponents }>({});
  const memory = last.current;
  const groups = useMemo(() => {
    memory.split = splitBlocks(text, streaming, memory.split);
    return (memory.groups = groupBlocks(memory.split.blocks, memory.groups));
  }, [text, streaming]);
  if (!sameEntries(memory.components, components)) memory.components = components;
  // createElement rather than JSX in this entry: the JSX runtime would add ~250 B to the bundle.
  return createElement(
    'div',
    { className: 'rsc-markdown', style },
    groups.map((blocks, i) => createElement(MarkdownBlockGroup, { key: i, blocks, components: memory.components })),
  );
}

function sameEntries(a: object = {}, b: object = {}): boolean {
  const entries = Object.entries(a);
  return entries.length === Object.keys(b).length && entries.every(([key, value]) => b[key as keyof typeof b] === value);
}
