import { expect, userEvent, waitFor, within } from 'storybook/test';

/** Generous: the play functions also run on slow CI machines. */
export const slow = { timeout: 20_000 };

/** Types `text` in the "Message" box and presses the Send button (its name may differ). */
export async function sendMessage(canvasElement: HTMLElement, text: string, sendButton: string | RegExp = /^send$/i) {
  const canvas = within(canvasElement);
  await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), text);
  await userEvent.click(canvas.getByRole('button', { name: sendButton }));
}

/** The text a message shows: its content, without the caret or the stopped/error mark. */
export function shownText(message: Element): string {
  const copy = message.cloneNode(true) as Element;
  for (const decoration of copy.querySelectorAll('.rsc-caret, .rsc-mark')) decoration.remove();
  return copy.textContent ?? '';
}

/** The latest assistant message inside `container`, once there is one. */
export async function assistantMessage(container: HTMLElement): Promise<HTMLElement> {
  let found: HTMLElement | null = null;
  await waitFor(() => {
    found = [...container.querySelectorAll<HTMLElement>('[data-role="assistant"]')].at(-1) ?? null;
    expect(found).not.toBeNull();
  }, slow);
  return found!;
}

/** Waits until the message shows some text, then until it shows more: the stream is live. */
export async function expectGrowing(message: Element): Promise<string> {
  let first = '';
  await waitFor(() => {
    first = shownText(message);
    expect(first.length).toBeGreaterThan(0);
  }, slow);
  let later = first;
  await waitFor(() => {
    later = shownText(message);
    expect(later.length).toBeGreaterThan(first.length);
  }, slow);
  return later;
}

/** Waits for the message's `data-status` to become `status`. */
export async function expectStatus(message: Element, status: string): Promise<void> {
  await waitFor(() => expect(message).toHaveAttribute('data-status', status), slow);
}
