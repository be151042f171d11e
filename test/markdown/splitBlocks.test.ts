import fc from 'fast-check';
import { splitBlocks, type MarkdownBlocks } from '../../src/markdown/splitBlocks';
import { corpus } from './corpus';

const answers = fc.constantFrom(...Object.keys(corpus));
const chunkSizes = fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 8 });

describe('splitBlocks', () => {
  it('splits into top-level blocks keyed by position; spaces between them are not blocks', () => {
    const { blocks } = splitBlocks('# Title\n\nSome *text*.\n\n- a\n- b\n\n```js\nx\n```\n', false);
    expect(blocks.map((block) => [block.key, block.token.type])).toEqual([
      [0, 'heading'],
      [1, 'paragraph'],
      [2, 'list'],
      [3, 'code'],
    ]);
    expect(blocks.every((block) => !block.open)).toBe(true);
  });

  it('while streaming, a growing text keeps its finished blocks (same objects) and only the last is open', () => {
    const first = splitBlocks('One.\n\nTwo', true);
    const second = splitBlocks('One.\n\nTwo and\n\nThree', true, first);
    const third = splitBlocks('One.\n\nTwo and\n\nThree and\n\nFour', true, second);
    expect(second.blocks[0]).toBe(first.blocks[0]);
    expect(third.blocks[1]).toBe(second.blocks[1]);
    expect(second.blocks.map((block) => [block.raw, block.open])).toEqual([
      ['One.', false],
      ['Two and', false],
      ['Three', true],
    ]);
  });

  it('incremental splits equal fresh splits of the same prefix, at any chunking of a real answer', () => {
    fc.assert(
      fc.property(answers, chunkSizes, (name, sizes) => {
        const text = corpus[name]!;
        let previous: MarkdownBlocks | undefined;
        for (let at = 0, i = 0; at < text.length; i++) {
          at = Math.min(text.length, at + sizes[i % sizes.length]!);
          const prefix = text.slice(0, at);
          const next = splitBlocks(prefix, true, previous);
          expect(next.blocks).toEqual(splitBlocks(prefix, true).blocks);
          // A finished block whose source did not change is the very same object.
          previous?.blocks.forEach((block, index) => {
            const now = next.blocks[index];
            if (!block.open && now && !now.open && now.raw === block.raw) expect(now).toBe(block);
          });
          expect(next.blocks.slice(0, -1).every((block) => !block.open) && next.blocks.at(-1)?.open).toBe(true);
          previous = next;
        }
        // The end of the stream: one full parse, finished blocks keep their objects.
        const final = splitBlocks(text, false, previous);
        expect(final.blocks).toEqual(splitBlocks(text, false).blocks);
        expect(final.blocks.slice(0, -1).every((block, index) => block === previous!.blocks[index])).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('lets a new block join the one before it (a list goes on after a paragraph-looking `2`)', () => {
    const first = splitBlocks('1. one\n\n2', true);
    expect(first.blocks.map((block) => block.token.type)).toEqual(['list', 'paragraph']);
    const second = splitBlocks('1. one\n\n2. two', true, first);
    expect(second.blocks.map((block) => block.token.type)).toEqual(['list']);
  });

  it('does not reuse blocks at the end when a reference definition reaches back into them', () => {
    const streamed = splitBlocks('See [the docs].\n\n[the docs]: https://example.com', true);
    const final = splitBlocks('See [the docs].\n\n[the docs]: https://example.com', false, streamed);
    expect(final.blocks[0]).not.toBe(streamed.blocks[0]);
    expect(JSON.stringify(final.blocks[0]!.token)).toContain('"type":"link"');
  });

  it('reads CR LF line endings as LF', () => {
    expect(splitBlocks('a\r\n\r\nb', false).blocks.map((block) => block.raw)).toEqual(['a', 'b']);
  });

  it('not streaming, an edit anywhere in the text is seen', () => {
    const first = splitBlocks('Alpha\n\nBeta\n\nGamma', false);
    const edited = splitBlocks('Delta\n\nBeta\n\nGamma', false, first);
    expect(edited.blocks.map((block) => block.raw)).toEqual(['Delta', 'Beta', 'Gamma']);
  });

  it('starts over when the text is replaced rather than extended', () => {
    const first = splitBlocks('Alpha\n\nBeta', true);
    const second = splitBlocks('Gamma', true, first);
    expect(second.blocks.map((block) => block.raw)).toEqual(['Gamma']);
  });
});
