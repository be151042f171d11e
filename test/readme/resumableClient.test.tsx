import { configure, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { resumableMock, type ResumableMock } from '../../stories/support/resumableMock';
import { ResumableChat } from './snippets/ResumableChat';

// The README's resume-after-reload component against a resumable server (createResumableStreams
// in msw handlers): a cut connection, a reload mid-reply, and Stop.
configure({ asyncUtilTimeout: 10_000 });

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const story = Array.from({ length: 60 }, (_, i) => `word${i} `);
let mock: ResumableMock;
beforeEach(() => {
  sessionStorage.clear();
  mock = resumableMock({ path: '/api/chat', tokens: () => story, delayMs: 10 });
  server.use(...mock.handlers);
});

const replies = () => [...document.querySelectorAll<HTMLElement>('.rsc-message[data-role="assistant"]')];
const shown = (message: HTMLElement) => {
  const copy = message.cloneNode(true) as HTMLElement;
  for (const decoration of copy.querySelectorAll('.rsc-caret, .rsc-mark')) decoration.remove();
  return copy.textContent;
};
const requests = () => mock.requests.map(({ method, lastEventId }) => `${method}${lastEventId ? ` after ${lastEventId}` : ''}`);

async function ask() {
  const user = userEvent.setup();
  await user.click(screen.getByRole('button', { name: 'Ask' }));
  await waitFor(() => expect(shown(replies()[0]!)).toContain('word5 '));
  return user;
}

describe('README: ResumableChat', () => {
  it('a cut connection: the reply reconnects with Last-Event-ID and completes exactly', async () => {
    render(<ResumableChat />);
    await ask();
    expect(mock.cut()).toBe(1);
    await waitFor(() => expect(replies()[0]!.dataset.status).toBe('done'));
    expect(shown(replies()[0]!)).toBe(story.join(''));
    expect(requests()).toEqual(['POST', expect.stringMatching(/^GET after \d+$/)]);
  });

  it('a reload mid-reply: the saved message is resumed from the start, never duplicated', async () => {
    const page = render(<ResumableChat />);
    await ask();
    page.unmount();
    // 'detach': the model runs on.
    expect(requests()).toEqual(['POST']);
    const [model] = [...mock.models.values()];
    expect(model!.stopped).toBe(false);

    render(<ResumableChat />);
    await waitFor(() => expect(replies()[0]!.dataset.status).toBe('done'));
    expect(replies()).toHaveLength(1);
    expect(shown(replies()[0]!)).toBe(story.join(''));
    expect(requests()).toEqual(['POST', 'GET']);
  });

  it('Stop sends the DELETE: the model stops, and a reload does not resume it', async () => {
    const page = render(<ResumableChat />);
    const user = await ask();
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(replies()[0]!.dataset.status).toBe('cancelled'));
    await waitFor(() => expect([...mock.models.values()][0]!.stopped).toBe(true));
    expect(requests()).toEqual(['POST', 'DELETE']);

    page.unmount();
    render(<ResumableChat />);
    expect(replies()[0]!.dataset.status).toBe('cancelled');
    expect(requests()).toEqual(['POST', 'DELETE']);
  });
});
