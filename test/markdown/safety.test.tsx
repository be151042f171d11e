import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from '@testing-library/react';
import { StreamingMarkdown, type MarkdownComponents } from 'react-streaming-chat/markdown';

// Whatever the model writes, nothing runs and nothing is fetched: raw HTML is text, and only
// http:, https:, mailto: and relative URLs become hrefs.

const attacks = [
  '<script>alert(1)</script>',
  'Inline <script>alert(1)</script> script',
  '<img src=x onerror=alert(1)>',
  'Text <img src="x" onerror="alert(1)"> and <svg onload=alert(1)>',
  '<div onclick="alert(1)">\n\nclick\n\n</div>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">raw link</a>',
  '<style>body{display:none}</style>',
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](&#x6A;&#x61;vascript:alert(1))',
  '[x](&#0000106;avascript:alert(1))',
  '[x](javascript&colon;alert(1))',
  '[x](<javascript:alert(1)>)',
  '[x](  javascript:alert(1))',
  '[x](\tjavascript:alert(1))',
  '[x](java&#9;script:alert(1))',
  '[x](java\u0000script:alert(1))',
  '[x](vbscript:msgbox(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](DATA:text/html,<script>alert(1)</script>)',
  '[x](file:///etc/passwd)',
  '<javascript:alert(1)>',
  '[x][ref]\n\n[ref]: javascript:alert(1)',
  '![x](javascript:alert(1))',
  '![tracker](https://evil.example/pixel.png)',
  '[x](https://ok.example "t\\" onmouseover=\\"alert(1)")',
  '```html\n<script>alert(1)</script>\n```',
  '`<img src=x onerror=alert(1)>`',
];

const dangerous = 'script, img, iframe, svg, style, object, embed, [onerror], [onclick], [onload], [onmouseover]';
const safe = /^(https?:|mailto:|[^:]*$)/i;

function renderBoth(text: string, components?: MarkdownComponents) {
  return [true, false].map((streaming) => render(<StreamingMarkdown text={text} streaming={streaming} components={components} />).container);
}

describe('StreamingMarkdown: hostile input', () => {
  it.each(attacks)('%j: no element that runs or fetches, no unsafe href', (text) => {
    for (const container of renderBoth(text)) {
      expect(container.querySelector(dangerous)).toBeNull();
      for (const link of container.querySelectorAll('[href]')) expect(link.getAttribute('href')).toMatch(safe);
      for (const link of container.querySelectorAll('[src]')) expect(link.getAttribute('src')).toMatch(safe);
    }
  });

  it('shows raw HTML as the text it is', () => {
    const [, container] = renderBoth('Hello <b onclick="alert(1)">bold</b>\n\n<div>\n<script>alert(1)</script>\n</div>');
    expect(container!.querySelector('.rsc-markdown b, .rsc-markdown div, script')).toBeNull();
    expect(container!.textContent).toContain('<b onclick="alert(1)">bold</b>');
    expect(container!.textContent).toContain('<script>alert(1)</script>');
  });

  it('keeps the link text of a refused URL, without an href', () => {
    const [, container] = renderBoth('[click me](javascript:alert(1))');
    const link = container!.querySelector('a')!;
    expect(link.textContent).toBe('click me');
    expect(link.hasAttribute('href')).toBe(false);
  });

  it('turns http, https, mailto and relative URLs into hrefs', () => {
    const [, container] = renderBoth('[a](https://example.com/?q=1&amp;r=2) [b](http://example.com) [c](mailto:me@example.com) [d](/docs/start) [e](#usage) [f](guide.md) <https://auto.example> www.example.org');
    expect([...container!.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'https://example.com/?q=1&r=2',
      'http://example.com',
      'mailto:me@example.com',
      '/docs/start',
      '#usage',
      'guide.md',
      'https://auto.example',
      'http://www.example.org',
    ]);
  });

  it('renders an image as a link to it unless components.img says otherwise', () => {
    const [, asLink] = renderBoth('![a diagram](https://example.com/d.png "Diagram")');
    expect(asLink!.querySelector('img')).toBeNull();
    expect(asLink!.querySelector('a')!.getAttribute('href')).toBe('https://example.com/d.png');
    expect(asLink!.querySelector('a')!.textContent).toBe('a diagram');

    const img: MarkdownComponents['img'] = (props) => <img {...props} />;
    const [, withImg] = renderBoth('![a diagram](https://example.com/d.png) ![bad](javascript:alert(1))', { img });
    const images = withImg!.querySelectorAll('img');
    expect([...images].map((image) => [image.getAttribute('src'), image.getAttribute('alt')])).toEqual([
      ['https://example.com/d.png', 'a diagram'],
      [null, 'bad'],
    ]);
  });

  it('decodes character references in text and URLs, and leaves code as typed', () => {
    const [, container] = renderBoth('&copy; &amp; &#169; &#x1F600; &bogus; `&amp;`\n\n[x](/a?b=1&amp;c=2)');
    expect(container!.querySelector('p')!.textContent).toBe('© & © 😀 &bogus; &amp;');
    expect(container!.querySelector('a')!.getAttribute('href')).toBe('/a?b=1&c=2');
  });

  it('never uses dangerouslySetInnerHTML', () => {
    const folder = join(__dirname, '../../src/markdown');
    for (const file of readdirSync(folder)) expect(readFileSync(join(folder, file), 'utf8')).not.toContain('dangerouslySetInnerHTML');
  });
});
