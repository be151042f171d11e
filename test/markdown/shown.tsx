import { render } from '@testing-library/react';
import { StreamingMarkdown, type MarkdownComponents } from 'react-streaming-chat/markdown';

/** What a fresh render of `text` gives, as HTML. */
export function freshHtml(text: string, streaming = false, components?: MarkdownComponents): string {
  const { container, unmount } = render(<StreamingMarkdown text={text} streaming={streaming} components={components} />);
  const html = container.innerHTML;
  unmount();
  return html;
}

/** The text a reader sees outside code, without whitespace (line breaks and layout differ). */
export function proseText(root: Element): string {
  let text = '';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest('code, pre')) text += node.nodeValue;
  }
  return text.replace(/\s+/g, '');
}

/** `html` parsed into an element, to read like a rendered one. */
export function parse(html: string): Element {
  const root = document.createElement('div');
  root.innerHTML = html;
  return root;
}
