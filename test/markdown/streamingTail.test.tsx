import { render } from '@testing-library/react';
import { StreamingMarkdown } from 'react-streaming-chat/markdown';

// What the open end of a streaming answer shows: no half-received markers, the text they hold.

const shown = (text: string, streaming = true) => {
  const { container } = render(<StreamingMarkdown text={text} streaming={streaming} />);
  return container.firstElementChild!;
};

describe('StreamingMarkdown while streaming', () => {
  it.each([
    ['Hello **wor', 'p > strong', 'wor'],
    ['Hello __wor', 'p > strong', 'wor'],
    ['an *ital', 'p > em', 'ital'],
    ['an _ital', 'p > em', 'ital'],
    ['a `code', 'p > code', 'code'],
    ['a ~~gone', 'p > del', 'gone'],
    ['**bold *and ital', 'strong > em', 'and ital'],
    ['- first\n- **second', 'li > strong', 'second'],
    ['# A *title', 'h1 > em', 'title'],
    ['> quoted **text', 'blockquote strong', 'text'],
    ['| a | b |\n| - | - |\n| 1 | **tw', 'td > strong', 'tw'],
  ])('%j shows the formatting it is opening, without the marker', (text, selector, inner) => {
    const root = shown(text);
    expect(root.querySelector(selector)?.textContent).toBe(inner);
    expect(root.textContent).not.toMatch(/[*_`~]/);
  });

  it('shows an unclosed code fence as a code block', () => {
    const root = shown('Try:\n\n```ts\nconst answer = 42;\nconsole.log(answer');
    const code = root.querySelector('pre > code')!;
    expect(code.className).toBe('language-ts');
    expect(code.textContent).toBe('const answer = 42;\nconsole.log(answer');
  });

  it.each([
    ['see [the docs](https://exa', 'see the docs'],
    ['see [the docs]', 'see the docs'],
    ['see [the do', 'see the do'],
    ['see ![a chart](https://exa', 'see a chart'],
  ])('%j shows the link text without brackets or URL', (text, expected) => {
    const root = shown(text);
    expect(root.textContent).toBe(expected);
    expect(root.querySelector('a')).toBeNull();
  });

  it.each([
    ['Hello **', 'Hello'],
    ['Hello *', 'Hello'],
    ['Hello `', 'Hello'],
    ['Hello ~', 'Hello'],
  ])('%j holds back a marker with nothing after it yet', (text, expected) => {
    expect(shown(text).textContent!.trim()).toBe(expected);
  });

  it.each(['snake_case_na', '2 * 3 = 6', 'a **bold** word', 'cost: ~5 ms'])('%j stays as it is: nothing is open', (text) => {
    const plain = shown(text, false);
    expect(shown(text).innerHTML).toBe(plain.innerHTML);
  });

  it('renders the same text exactly, markers and all, once it is not streaming', () => {
    const root = shown('Hello **wor', false);
    expect(root.querySelector('strong')).toBeNull();
    expect(root.textContent).toBe('Hello **wor');
  });
});
