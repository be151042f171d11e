import { render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { StreamingMarkdown, type MarkdownComponents } from 'react-streaming-chat/markdown';

// `components` replaces elements by tag name, as in react-markdown: each receives the element's
// props and children.

describe('StreamingMarkdown components', () => {
  it('renders CommonMark + GFM to the usual elements', () => {
    const text = [
      '# Title',
      '',
      'Some **bold**, *em*, ~~gone~~ and `code`, a [link](https://example.com "Home") and https://auto.example.',
      '',
      '> quoted',
      '',
      '3. three',
      '4. four',
      '',
      '- [x] done',
      '- [ ] to do',
      '',
      '| a | b |',
      '| :-- | --: |',
      '| 1 | 2 |',
      '',
      '---',
      '',
      '```ts',
      'const x = 1;',
      '```',
    ].join('\n');
    const { container } = render(<StreamingMarkdown text={text} />);
    const root = container.firstElementChild!;
    expect([...root.children].map((child) => child.tagName.toLowerCase())).toEqual(['h1', 'p', 'blockquote', 'ol', 'ul', 'table', 'hr', 'pre']);
    expect(root.querySelector('strong')!.textContent).toBe('bold');
    expect(root.querySelector('em')!.textContent).toBe('em');
    expect(root.querySelector('del')!.textContent).toBe('gone');
    expect(root.querySelector('p code')!.textContent).toBe('code');
    expect(screen.getByRole('link', { name: 'link' }).getAttribute('title')).toBe('Home');
    expect(screen.getByRole('link', { name: 'https://auto.example' }).getAttribute('href')).toBe('https://auto.example');
    expect(root.querySelector('ol')!.getAttribute('start')).toBe('3');
    expect([...root.querySelectorAll<HTMLInputElement>('ul input[type=checkbox]')].map((box) => [box.checked, box.disabled])).toEqual([
      [true, true],
      [false, true],
    ]);
    expect([...root.querySelectorAll('th')].map((th) => (th as HTMLElement).style.textAlign)).toEqual(['left', 'right']);
    expect(root.querySelector('td')!.textContent).toBe('1');
    const code = root.querySelector('pre > code')!;
    expect(code.className).toBe('language-ts');
    expect(code.textContent).toBe('const x = 1;');
  });

  it('passes each replacement the element props and children', () => {
    const seen: Record<string, unknown>[] = [];
    const components: MarkdownComponents = {
      a: ({ href, children }) => <a href={href} data-custom="">{children} ↗</a>,
      h2: ({ children }) => <h2 className="fancy">{children}</h2>,
      code: (props) => {
        seen.push(props as Record<string, unknown>);
        return <code className={props.className}>{props.children}</code>;
      },
    };
    const { container } = render(<StreamingMarkdown text={'## Hello\n\n[docs](https://example.com)\n\n```py\nprint(1)\n```'} components={components} />);
    expect(container.querySelector('h2.fancy')!.textContent).toBe('Hello');
    expect(screen.getByRole('link', { name: 'docs ↗' }).hasAttribute('data-custom')).toBe(true);
    expect(seen).toEqual([{ className: 'language-py', children: 'print(1)' }]);
  });

  it('marks a code block that is still streaming, so a highlighter can wait for the end', () => {
    const seen: [string, unknown][] = [];
    const code: MarkdownComponents['code'] = (props) => {
      seen.push([String(props.children), (props as Record<string, unknown>)['data-streaming']]);
      return <code>{props.children}</code>;
    };
    const { rerender } = render(<StreamingMarkdown text={'```js\nlet a'} streaming components={{ code }} />);
    rerender(<StreamingMarkdown text={'```js\nlet a = 1;\n```'} streaming={false} components={{ code }} />);
    expect(seen).toEqual([
      ['let a', ''],
      ['let a = 1;', undefined],
    ]);
  });

  it('does not call the components of a finished block again', () => {
    const calls = new Map<string, number>();
    const count = (tag: string) => (props: { children?: ReactNode }) => {
      const key = `${tag}:${String(Array.isArray(props.children) ? props.children.join('') : props.children)}`;
      calls.set(key, (calls.get(key) ?? 0) + 1);
      return <span>{props.children}</span>;
    };
    const components: MarkdownComponents = { p: count('p'), strong: count('strong'), li: count('li') };
    const { rerender } = render(<StreamingMarkdown text={'First **para**.\n\n- item'} streaming components={components} />);
    const settled = new Map(calls);
    rerender(<StreamingMarkdown text={'First **para**.\n\n- item\n\nThird'} streaming components={components} />);
    rerender(<StreamingMarkdown text={'First **para**.\n\n- item\n\nThird and more'} streaming components={components} />);
    rerender(<StreamingMarkdown text={'First **para**.\n\n- item\n\nThird and more.'} streaming={false} components={components} />);
    // The first paragraph was finished at the first render: not one call since.
    expect(calls.get('strong:para')).toBe(settled.get('strong:para'));
    expect(calls.get('strong:para')).toBe(1);
    // The list was open at first, then rendered once as finished.
    expect(calls.get('li:item')).toBe(2);
    // An equal `components` written inline does not count as a change.
    rerender(<StreamingMarkdown text={'First **para**.\n\n- item\n\nThird and more.'} components={{ ...components }} />);
    expect(calls.get('strong:para')).toBe(1);
  });
});
