// @vitest-environment node
import { ChatController, type FrameScheduler } from 'react-streaming-chat/core';
import { fakeFetch, utf8 } from '../support/streams';

// The first tokens after a quiet spell show in the next task (the scheduler's `soon`) rather
// than a frame later; that early flush waits while the body keeps bringing more, briefly, so a
// burst that spans reads (a resumed stream's replay) shows in one commit. Timers and the clock
// are fake, so the gaps between reads are exactly what each test says, however busy the machine.

beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
afterEach(() => void vi.useRealTimers());

/** Frames that never come (so only the early flush shows anything), and `soon` on a timer. */
function earlyOnly() {
  const scheduler: FrameScheduler = {
    schedule: () => () => {},
    soon(callback) {
      const timer = setTimeout(callback);
      return () => clearTimeout(timer);
    },
  };
  return scheduler;
}

/** A body that sends each piece after its delay (ms after the previous one), then hangs. */
function timedBody(pieces: [delayMs: number, text: string][]) {
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const [delayMs, text] of pieces) {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        controller.enqueue(utf8(text));
      }
    },
  });
}

/** What the assistant message showed at each change of its content, and when it first showed. */
function watchContent(chat: ChatController) {
  const shown: string[] = [];
  let showFirst!: (at: number) => void;
  const first = new Promise<number>((resolve) => (showFirst = resolve));
  chat.subscribe(() => {
    const content = chat.getSnapshot().messages.at(-1)?.content ?? '';
    if (content && content !== shown.at(-1)) showFirst(performance.now()), shown.push(content);
  });
  return { shown, first };
}

test('a burst that spans reads a millisecond apart shows in one early flush', async () => {
  const { fetch } = fakeFetch(() => new Response(timedBody([[0, 'one '], [1, 'two '], [1, 'three ']])));
  // Frames never come and the buffer (one chunk) is full at once: only the early flush shows.
  const chat = new ChatController({ api: '/chat', fetch, protocol: 'text', scheduler: earlyOnly(), bufferSize: 1 });
  const { shown, first } = watchContent(chat);
  void chat.send('replay');
  await vi.advanceTimersByTimeAsync(20);
  await first;
  expect(shown).toEqual(['one two three ']);
  chat.cancel();
});

test('reading on through a burst stops at the byte cap (plus the network chunk that crossed it)', async () => {
  const pieces = Array.from({ length: 10 }, (_, i) => [1, `p${i}xy `] as [number, string]);
  const { fetch } = fakeFetch(() => new Response(timedBody(pieces)));
  const chat = new ChatController({ api: '/chat', fetch, protocol: 'text', scheduler: earlyOnly(), bufferSize: 1, maxBufferBytes: 16 });
  const { shown, first } = watchContent(chat);
  void chat.send('replay');
  await vi.advanceTimersByTimeAsync(20);
  await first;
  // Three 5-character pieces stay under the 16-character cap; the fourth crosses it, and is kept.
  expect(shown[0]).toBe('p0xy p1xy p2xy p3xy ');
  chat.cancel();
});

test('the early flush does not wait for a body that went quiet', async () => {
  const { fetch } = fakeFetch(() => new Response(timedBody([[0, 'first '], [60, 'later ']])));
  const chat = new ChatController({ api: '/chat', fetch, protocol: 'text', scheduler: earlyOnly() });
  const { shown, first } = watchContent(chat);
  const sent = performance.now();
  void chat.send('hello');
  await vi.advanceTimersByTimeAsync(20);
  // It waits for more reads at most 8 ms (half a frame), not for the next piece 60 ms later.
  expect((await first) - sent).toBeLessThan(40);
  expect(shown).toEqual(['first ']);
  chat.cancel();
});

test('a slow commit is not a quiet spell: the tokens that waited on it wait for a frame', async () => {
  vi.useRealTimers();
  // Each commit takes 50 ms of the clock (a slow render), more than the two frames of quiet that
  // earn an early flush: measured from its start, every flush would look like a quiet spell.
  // Otherwise the clock runs at a tenth of real time, so a busy machine's stall of up to 330 ms
  // between two reads does not look like a quiet spell either.
  let offset = 0;
  const realNow = performance.now.bind(performance);
  const startedAt = realNow();
  vi.spyOn(performance, 'now').mockImplementation(() => startedAt + (realNow() - startedAt) / 10 + offset);
  // Commits made from an early run (soon) rather than a frame.
  let early = false;
  let earlyCommits = 0;
  const soon = (callback: () => void) => {
    const timer = setTimeout(() => {
      early = true;
      callback();
      early = false;
    });
    return () => clearTimeout(timer);
  };
  const scheduler: FrameScheduler = {
    schedule(callback) {
      const timer = setTimeout(() => callback(performance.now()), 2);
      return () => clearTimeout(timer);
    },
    soon,
  };
  // A token every 10 ms of real time (1 ms of the clock): the first early flush waits for 8 of them.
  const pieces = Array.from({ length: 20 }, (_, i) => [10, `t${i} `] as [number, string]);
  const { fetch } = fakeFetch(() => new Response(timedBody(pieces)));
  const chat = new ChatController({ api: '/chat', fetch, protocol: 'text', scheduler });
  let last = '';
  chat.subscribe(() => {
    const content = chat.getSnapshot().messages.at(-1)?.content ?? '';
    if (content === last) return;
    last = content;
    offset += 50;
    if (early) earlyCommits++;
  });
  void chat.send('go');
  await vi.waitFor(() => expect(last).toBe(pieces.map(([, text]) => text).join('')));
  // The first tokens of the reply went out early; none after a commit did.
  expect(earlyCommits).toBe(1);
  chat.cancel();
});
