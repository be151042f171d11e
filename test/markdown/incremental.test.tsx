import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { StreamingMarkdown, type MarkdownComponents } from 'react-streaming-chat/markdown';

// A flush renders only the open block: each paragraph is rendered while it is the last one, once
// more when it is finished, and never again, however long the answer grows.

const PARAGRAPHS = 150;
const paragraph = (i: number) => `Paragraph ${i} has **some** text.`;

describe('StreamingMarkdown renders incrementally', () => {
  it('renders each block a bounded number of times, and a flush renders at most two blocks', () => {
    const renders = new Map<string, number>();
    let flushCalls = 0;
    const p: MarkdownComponents['p'] = ({ children }: { children?: ReactNode }) => {
      flushCalls++;
      const id = /Paragraph (\d+)/.exec(String([children].flat(2).join('')))?.[1] ?? '?';
      renders.set(id, (renders.get(id) ?? 0) + 1);
      return <p>{children}</p>;
    };
    const components = { p };
    const { rerender, container } = render(<StreamingMarkdown text="" streaming components={components} />);
    let text = '';
    const perFlush: number[] = [];
    for (let i = 0; i < PARAGRAPHS; i++) {
      // Each paragraph arrives in three flushes.
      const split = paragraph(i).indexOf(' has') + 6;
      for (const piece of [paragraph(i).slice(0, split), paragraph(i).slice(split), '\n\n']) {
        text += piece;
        flushCalls = 0;
        rerender(<StreamingMarkdown text={text} streaming components={components} />);
        perFlush.push(flushCalls);
      }
    }
    rerender(<StreamingMarkdown text={text} components={components} />);
    expect(container.querySelectorAll('p')).toHaveLength(PARAGRAPHS);
    expect(Math.max(...perFlush)).toBeLessThanOrEqual(2);
    // Open for its three flushes (the blank line included), then once finished.
    for (let i = 0; i < PARAGRAPHS - 1; i++) expect(renders.get(String(i)), `paragraph ${i}`).toBe(4);
  });

  it('keeps the DOM of finished blocks (same nodes) as the text grows and when it ends', () => {
    const { rerender, container } = render(<StreamingMarkdown text={'# Title\n\nOne.\n\nTwo'} streaming />);
    const heading = container.querySelector('h1')!;
    const first = container.querySelectorAll('p')[0]!;
    rerender(<StreamingMarkdown text={'# Title\n\nOne.\n\nTwo and *three*\n\n- four'} streaming />);
    rerender(<StreamingMarkdown text={'# Title\n\nOne.\n\nTwo and *three*\n\n- four'} />);
    expect(container.querySelector('h1')).toBe(heading);
    expect(container.querySelectorAll('p')[0]).toBe(first);
  });
});
