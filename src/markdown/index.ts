'use client';
export { StreamingMarkdown, type StreamingMarkdownProps } from './StreamingMarkdown.js';
export { renderMarkdown } from './renderMarkdown.js';
export type { MarkdownComponents, MarkdownTag } from './markdownComponents.js';
