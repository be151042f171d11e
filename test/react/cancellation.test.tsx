import { configure, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StrictMode } from 'react';
import { StreamingChat } from 'react-streaming-chat';
import { listen, producer, type Loopback } from '../support/loopback';

// Streams run on real timers and sockets: give a loaded CI machine more than the default second.
configure({ asyncUtilTimeout: 10_000 });

// A real node:http server on 127.0.0.1 and the engine's default fetch: the server sees the
// disconnect exactly as a deployed one would.

const sse = (tokens: string[]) => tokens.map((token) => `data: ${token}\n\n`).join('');
const words = (count: number, prefix = 'w') => Array.from({ length: count }, (_, i) => `${prefix}${i} `);
/** A slow model: one token every 20 ms, far more tokens than any test waits for. */
const slowFrames = () => words(2000).map((token) => sse([token]));
/** A quick, complete reply. */
const quickFrames = (tokens: string[]) => () => [sse(tokens), 'event: done\ndata:\n\n'];

let loopback: Loopback | undefined;
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  loopback = await listen(handler);
  return `${loopback.url}/chat`;
}
afterEach(async () => {
  await loopback?.close();
  loopback = undefined;
});

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => process.off('unhandledRejection', onUnhandled));
beforeEach(() => {
  unhandled.length = 0;
});

const assistant = (index = 0) => screen.getByRole('log').querySelectorAll<HTMLElement>('[data-role="assistant"]')[index];
const contentOf = (message: HTMLElement) => message.textContent!.replace(/stopped$/, '');

async function sendText(text: string) {
  const user = userEvent.setup();
  await user.type(screen.getByRole('textbox', { name: 'Message' }), `${text}{Enter}`);
  return user;
}

async function startSlowStream(onCancel?: () => void) {
  const { handler, probe } = producer(slowFrames, { delayMs: 20 });
  render(<StreamingChat api={await serve(handler)} onCancel={onCancel} />);
  const user = await sendText('go');
  await waitFor(() => expect(assistant()?.textContent).toContain('w3 '));
  return { user, probe };
}

describe('cancellation over a real connection', () => {
  it('Stop: status cancelled, the partial content kept, and the server sees the connection close', async () => {
    let cancelledAt = Number.NaN;
    const { user, probe } = await startSlowStream(() => (cancelledAt = performance.now()));
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    const closedAt = await probe.closed;

    const message = assistant()!;
    expect(message.dataset.status).toBe('cancelled');
    expect(message.textContent).toMatch(/stopped$/);
    const kept = contentOf(message);
    expect(kept.length).toBeGreaterThanOrEqual('w0 w1 w2 w3 '.length);
    expect(words(2000).join('').startsWith(kept)).toBe(true);
    expect(screen.getByRole('status').textContent).toBe('Response stopped');
    expect(screen.getByRole('button', { name: 'Stop' })).toHaveProperty('disabled', true);
    expect(probe.finished).toBe(false);
    // onCancel ran, and the server heard about it promptly.
    expect(closedAt - cancelledAt).toBeLessThan(500);

    // Nothing more arrives after the stop.
    const written = probe.framesWritten;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(probe.framesWritten).toBe(written);
    expect(contentOf(assistant()!)).toBe(kept);
  });

  it('Escape does the same', async () => {
    const { user, probe } = await startSlowStream();
    await user.keyboard('{Escape}');
    await probe.closed;
    await waitFor(() => expect(assistant()!.dataset.status).toBe('cancelled'));
    expect(contentOf(assistant()!)).toMatch(/^w0 w1 w2 w3 /);
    expect(screen.getByRole('status').textContent).toBe('Response stopped');
  });

  it('unmounting mid-stream closes the connection, with no console error and no unhandled rejection', async () => {
    const errors = vi.spyOn(console, 'error');
    const warnings = vi.spyOn(console, 'warn');
    try {
      const { handler, probe } = producer(slowFrames, { delayMs: 20 });
      const { unmount } = render(<StreamingChat api={await serve(handler)} />);
      await sendText('go');
      await waitFor(() => expect(assistant()?.textContent).toContain('w2 '));
      const unmountedAt = performance.now();
      unmount();
      const closedAt = await probe.closed;
      expect(closedAt - unmountedAt).toBeLessThan(1000);
      // Let timers, frames and the aborted read settle before looking.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(probe.finished).toBe(false);
      expect(errors).not.toHaveBeenCalled();
      expect(warnings).not.toHaveBeenCalled();
      expect(unhandled).toEqual([]);
    } finally {
      errors.mockRestore();
      warnings.mockRestore();
    }
  });

  it('under StrictMode a send makes exactly one request, and the remounted chat keeps working', async () => {
    const { handler, probe } = producer(quickFrames(['Hello', ' there']));
    render(
      <StrictMode>
        <StreamingChat api={await serve(handler)} />
      </StrictMode>,
    );
    await sendText('one');
    await waitFor(() => expect(assistant()?.dataset.status).toBe('done'));
    expect(probe.requests).toBe(1);
    expect(assistant()!.textContent).toBe('Hello there');

    await sendText('two');
    await waitFor(() => expect(assistant(1)?.dataset.status).toBe('done'));
    expect(probe.requests).toBe(2);
    expect(assistant(1)!.textContent).toBe('Hello there');
    expect(unhandled).toEqual([]);
  });

  it('under StrictMode, unmounting mid-stream still closes the connection', async () => {
    const { handler, probe } = producer(slowFrames, { delayMs: 20 });
    const { unmount } = render(
      <StrictMode>
        <StreamingChat api={await serve(handler)} />
      </StrictMode>,
    );
    await sendText('go');
    await waitFor(() => expect(assistant()?.textContent).toContain('w1 '));
    unmount();
    await probe.closed;
    expect(probe.requests).toBe(1);
    expect(probe.finished).toBe(false);
  });

  it('a send while streaming aborts the first stream (cancelled, connection closed); the second completes', async () => {
    const first = producer(slowFrames, { delayMs: 20 });
    const second = producer(quickFrames(words(50, 'x')));
    let requests = 0;
    const api = await serve((req, res) => (++requests === 1 ? first : second).handler(req, res));
    render(<StreamingChat api={api} />);
    await sendText('first');
    await waitFor(() => expect(assistant()?.textContent).toContain('w2 '));

    await sendText('second');
    await first.probe.closed;
    await waitFor(() => expect(assistant(1)?.dataset.status).toBe('done'));

    const superseded = assistant(0)!;
    expect(superseded.dataset.status).toBe('cancelled');
    expect(contentOf(superseded)).toMatch(/^w0 w1 w2 /);
    expect(first.probe.finished).toBe(false);
    expect(assistant(1)!.textContent).toBe(words(50, 'x').join(''));
    expect(second.probe.finished).toBe(true);
    expect(requests).toBe(2);
    expect(screen.getByRole('status').textContent).toBe('Response complete');
    expect(unhandled).toEqual([]);
  });
});
