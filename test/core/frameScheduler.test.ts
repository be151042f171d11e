// @vitest-environment node
import { createFrameScheduler } from 'react-streaming-chat/core';

/** requestAnimationFrame run by hand: `frame(time)` runs every callback waiting, with that timestamp. */
function fakeFrames() {
  let waiting = new Map<number, FrameRequestCallback>();
  let next = 1;
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    waiting.set(next, callback);
    return next++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => waiting.delete(id));
  return {
    frame(time: number) {
      const run = waiting;
      waiting = new Map();
      for (const callback of run.values()) callback(time);
    },
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('createFrameScheduler: soon', () => {
  it('declines on a hidden page, and without requestAnimationFrame (Node)', () => {
    expect(createFrameScheduler().soon!(() => {})).toBeUndefined();
    fakeFrames();
    vi.stubGlobal('document', { visibilityState: 'hidden' });
    expect(createFrameScheduler().soon!(() => {})).toBeUndefined();
  });

  it('declines once the timer had to stand in for a frame, until a frame comes again', async () => {
    const frames = fakeFrames();
    const scheduler = createFrameScheduler({ fallbackMs: 1 });
    const early = vi.fn();
    // A visible page: the first tokens after a pause show at once, however long the pause was.
    scheduler.soon!(early);
    await vi.waitFor(() => expect(early).toHaveBeenCalledTimes(1));
    frames.frame(1);
    // No frame came for the next callback: the timer ran it, so frames are not coming.
    await new Promise<void>((resolve) => scheduler.schedule(() => resolve()));
    expect(scheduler.soon!(early)).toBeUndefined();
    const ran: (number | undefined)[] = [];
    scheduler.schedule((time) => ran.push(time));
    frames.frame(2);
    expect(ran).toEqual([2]);
    expect(scheduler.soon!(early)).toBeTypeOf('function');
  });

  it('runs in the next task once frames are coming, and the frame after it waits one frame', async () => {
    const frames = fakeFrames();
    const scheduler = createFrameScheduler();
    const ran: string[] = [];
    scheduler.schedule((time) => ran.push(`frame ${time}`));
    frames.frame(1);
    const early = new Promise<void>((resolve) => scheduler.soon!(() => resolve(void ran.push('early'))));
    await early;
    // The next frame paints the early commit: a flush scheduled for it moves to the one after.
    scheduler.schedule((time) => ran.push(`frame ${time}`));
    frames.frame(2);
    expect(ran).toEqual(['frame 1', 'early']);
    frames.frame(3);
    expect(ran).toEqual(['frame 1', 'early', 'frame 3']);
  });

  it('holds back only the frame that paints the early commit, not a later one', async () => {
    const frames = fakeFrames();
    const scheduler = createFrameScheduler();
    await new Promise<void>((resolve) => scheduler.soon!(() => resolve()));
    // The frame after the early run had nothing of ours to run; a flush asked for after it runs
    // in the next frame, not two frames later.
    frames.frame(1);
    const ran: (number | undefined)[] = [];
    scheduler.schedule((time) => ran.push(time));
    frames.frame(2);
    expect(ran).toEqual([2]);
  });

  it('a cancelled early run does not run', async () => {
    const frames = fakeFrames();
    const scheduler = createFrameScheduler();
    scheduler.schedule(() => {});
    frames.frame(1);
    const callback = vi.fn();
    scheduler.soon!(callback)!();
    // Timers run in order: by this one, the early run (set before it) would have run.
    await new Promise((resolve) => setTimeout(resolve));
    expect(callback).not.toHaveBeenCalled();
  });
});
