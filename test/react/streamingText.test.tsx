import { render } from '@testing-library/react';
import { StreamingMessage, type ChatMessage } from 'react-streaming-chat';

const message = (text: string, status: ChatMessage['status'] = 'streaming'): ChatMessage => ({
  id: 'm',
  role: 'assistant',
  content: text,
  parts: [{ type: 'text', text }],
  status,
});

// A realistic long answer: paragraphs of ~300 characters.
const paragraph = (i: number) => `${`Paragraph ${i}: `.padEnd(300, 'lorem ipsum ')}\n\n`;
const longText = (chars: number) => {
  let text = '';
  for (let i = 0; text.length < chars; i++) text += paragraph(i);
  return text.slice(0, chars);
};

describe('StreamingText: long text in stable chunks', () => {
  it('a short message is one text node, as before', () => {
    const { container } = render(<StreamingMessage message={message('Hello\nthere')} />);
    expect(container.querySelector('.rsc-chunk')).toBeNull();
    expect(container.querySelector('.rsc-message')!.textContent).toBe('Hello\nthere');
  });

  it('textContent is exactly the text, however it is chunked', () => {
    const text = longText(100_000);
    const { container } = render(<StreamingMessage message={message(text, 'done')} />);
    const chunks = container.querySelectorAll('.rsc-chunk');
    expect(chunks.length).toBeGreaterThan(10);
    expect(container.querySelector('.rsc-message')!.textContent).toBe(text);
    // Closed at line ends: every chunk but the last ends with one.
    [...chunks].slice(0, -1).forEach((chunk) => expect(chunk.textContent!.endsWith('\n')).toBe(true));
  });

  it('a flush re-renders only the open chunk: closed ones keep their DOM nodes untouched', () => {
    let text = longText(50_000);
    const { container, rerender } = render(<StreamingMessage message={message(text)} />);
    const before = [...container.querySelectorAll('.rsc-chunk')];
    const closedText = before.slice(0, -1).map((chunk) => chunk.firstChild);
    const observer = new MutationObserver(() => {});
    observer.observe(container, { subtree: true, characterData: true, childList: true });
    text += ' and more words';
    rerender(<StreamingMessage message={message(text)} />);
    const mutated = new Set(observer.takeRecords().map((record) => (record.target.nodeType === 3 ? record.target.parentNode : record.target)));
    const after = [...container.querySelectorAll('.rsc-chunk')];
    expect(after.slice(0, -1).map((chunk) => chunk.firstChild)).toEqual(closedText);
    expect([...mutated].every((node) => node === after.at(-1))).toBe(true);
    expect(container.querySelector('.rsc-message')!.textContent).toBe(text);
  });

  it('a run without line ends is closed at a space, the text kept exact', () => {
    const text = 'word '.repeat(10_000);
    const { container } = render(<StreamingMessage message={message(text)} />);
    expect(container.querySelectorAll('.rsc-chunk').length).toBeGreaterThan(1);
    expect(container.querySelector('.rsc-message')!.textContent).toBe(text);
  });

  it('a text replaced by a shorter one (a resumed reply restarting) is chunked afresh', () => {
    const { container, rerender } = render(<StreamingMessage message={message(longText(30_000))} />);
    rerender(<StreamingMessage message={message('Restarted')} />);
    expect(container.querySelector('.rsc-message')!.textContent).toBe('Restarted');
    const text = longText(12_000);
    rerender(<StreamingMessage message={message(text)} />);
    expect(container.querySelector('.rsc-message')!.textContent).toBe(text);
  });
});
