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
  it('declines while no frame has come (a hidden or stalled page gets no early flush)', () => {
    fakeFrames();
    const scheduler = createFrameScheduler();
    expect(scheduler.soon!(() => {})).toBeUndefined();
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
