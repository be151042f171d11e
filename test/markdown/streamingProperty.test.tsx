import { render } from '@testing-library/react';
import fc from 'fast-check';
import { StreamingMarkdown } from 'react-streaming-chat/markdown';
import { corpus } from './corpus';
import { freshHtml, parse, proseText } from './shown';

// A model's answer arrives in chunks of any size. At every flush the streaming render must not
// throw and must not show a marker (`*`, `_`, `~`, a backtick, a bracket) that the finished answer
// renders as formatting; once the stream ends, the render must equal a fresh one of the whole text.
// Thousands of renders each: generous timeouts for a loaded machine.

const MARKERS = /[*_~`[\]]/;

/** Cut points: the answer split into chunks of the given sizes (cycled). */
function cuts(length: number, sizes: number[]): number[] {
  const points: number[] = [];
  for (let at = 0, i = 0; at < length; i++) points.push((at = Math.min(length, at + sizes[i % sizes.length]!)));
  return points;
}

/** Where `shown` stops following `final`: the part that is not simply the start of the answer. */
function divergence(shown: string, final: string): string {
  let k = 0;
  while (k < shown.length && shown[k] === final[k]) k++;
  return shown.slice(k);
}

const answers = fc.constantFrom(...Object.keys(corpus));
const chunkSizes = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 });

describe('StreamingMarkdown over random prefixes of model answers', () => {
  it('never throws, never shows a raw marker that later renders as formatting, and ends as a fresh render', () => {
    fc.assert(
      fc.property(answers, chunkSizes, (name, sizes) => {
        const text = corpus[name]!;
        const final = proseText(parse(freshHtml(text)));
        const { container, rerender, unmount } = render(<StreamingMarkdown text="" streaming />);
        try {
          for (const cut of cuts(text.length, sizes)) {
            const prefix = text.slice(0, cut);
            rerender(<StreamingMarkdown text={prefix} streaming />);
            const extra = divergence(proseText(container), final);
            expect(MARKERS.test(extra), `after ${JSON.stringify(prefix.slice(-60))}: shows ${JSON.stringify(extra)}`).toBe(false);
          }
          rerender(<StreamingMarkdown text={text} streaming={false} />);
          expect(container.innerHTML).toBe(freshHtml(text));
        } finally {
          unmount();
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('every prefix, one character at a time, in each answer', () => {
    for (const [name, text] of Object.entries(corpus)) {
      const final = proseText(parse(freshHtml(text)));
      const { container, rerender, unmount } = render(<StreamingMarkdown text="" streaming />);
      for (let cut = 1; cut <= text.length; cut++) {
        rerender(<StreamingMarkdown text={text.slice(0, cut)} streaming />);
        const extra = divergence(proseText(container), final);
        expect(MARKERS.test(extra), `${name} after ${JSON.stringify(text.slice(Math.max(0, cut - 60), cut))}: shows ${JSON.stringify(extra)}`).toBe(false);
      }
      rerender(<StreamingMarkdown text={text} />);
      expect(container.innerHTML).toBe(freshHtml(text));
      unmount();
    }
  }, 120_000);

  it('never throws on any text, and the final render is always a fresh one', () => {
    const piece = fc.constantFrom('*', '**', '_', '__', '~~', '`', '```', '[', ']', '(', ')', '![', '\\', '\n', '\n\n', ' ', 'a', 'word', '# ', '- ', '1. ', '> ', '|', '| --- |', '&amp;', '&#x41;', '<b>', 'http://x.y', '    ', '- [ ] ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), chunkSizes, (pieces, sizes) => {
        const text = pieces.join('');
        const { container, rerender, unmount } = render(<StreamingMarkdown text="" streaming />);
        for (const cut of cuts(text.length, sizes)) rerender(<StreamingMarkdown text={text.slice(0, cut)} streaming />);
        rerender(<StreamingMarkdown text={text} />);
        expect(container.innerHTML).toBe(freshHtml(text));
        unmount();
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});
