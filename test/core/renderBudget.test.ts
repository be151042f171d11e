// @vitest-environment node
import { createRenderBudget, type FrameScheduler } from 'react-streaming-chat/core';
import { streamThrough } from '../support/engine';

describe('createRenderBudget', () => {
  it('starts at the floor and grows after each on-time frame that the budget limited', () => {
    const budget = createRenderBudget(100);
    expect(budget.chunks).toBe(100);
    // What the chunks add to the commit (above the cheapest commit): under an eighth of a
    // frame quadruples it, under half a frame doubles it.
    budget.observe(2, 16.7, true);
    expect(budget.chunks).toBe(400);
    budget.observe(3, 16.7, true);
    expect(budget.chunks).toBe(1600);
    budget.observe(5, 16.7, true);
    expect(budget.chunks).toBe(3200);
    budget.observe(9, 16.7, true);
    expect(budget.chunks).toBe(6400);
  });

  it('an early flush (no frame measured) is judged by its commit alone, and teaches nothing of frames', () => {
    const budget = createRenderBudget(100);
    budget.observe(1, undefined, true);
    expect(budget.chunks).toBe(400);
    // A slow early commit does not grow it, and (no frame gap) is no long frame either.
    budget.observe(30, undefined, true);
    expect(budget.chunks).toBe(400);
    // The frame interval is still 60 Hz: an on-time 16.7 ms frame with a cheap commit grows it.
    budget.observe(1, 16.7, true);
    expect(budget.chunks).toBe(1600);
  });

  it('does not grow when the budget was not what held the reader back', () => {
    const budget = createRenderBudget(100);
    budget.observe(1, 16.7, false);
    expect(budget.chunks).toBe(100);
  });

  it('does not grow when what the chunks add to the commit uses half the frame or more', () => {
    const budget = createRenderBudget(100);
    budget.observe(2, 16.7, true);
    expect(budget.chunks).toBe(400);
    budget.observe(12, 16.7, true);
    expect(budget.chunks).toBe(400);
  });

  it('does not grow when the commit alone takes a frame, whatever part of it is fixed', () => {
    const budget = createRenderBudget(100);
    budget.observe(20, 16.7, true);
    budget.observe(20, 16.7, true);
    expect(budget.chunks).toBe(100);
  });

  it("counts only the commit's cost above the cheapest commit: a fixed render cost does not stop it growing", () => {
    // A 5 ms render in every commit, on a busy machine: commits of 5.5 to 12 ms, each frame
    // coming that much later (jsdom's frames follow the last one's work).
    const budget = createRenderBudget(100);
    for (const commitMs of [5.5, 9, 12, 8]) budget.observe(commitMs, 16.7 + commitMs, true);
    expect(budget.chunks).toBe(3200);
  });

  it('lets one long frame pass (a blip), and halves on the second in a row', () => {
    const budget = createRenderBudget(100);
    for (let i = 0; i < 2; i++) budget.observe(1, 16.7, true);
    expect(budget.chunks).toBe(1600);
    budget.observe(1, 40, true);
    expect(budget.chunks).toBe(1600);
    budget.observe(1, 40, true);
    expect(budget.chunks).toBe(800);
    budget.observe(1, 40, true);
    expect(budget.chunks).toBe(400);
    budget.observe(1, 16.7, true);
    budget.observe(1, 40, true);
    expect(budget.chunks).toBe(1600);
  });

  it('halves on each long frame after the first in a row, never below the floor', () => {
    const budget = createRenderBudget(100);
    for (let i = 0; i < 2; i++) budget.observe(1, 16.7, true);
    expect(budget.chunks).toBe(1600);
    budget.observe(30, 60, true);
    expect(budget.chunks).toBe(1600);
    budget.observe(30, 60, true);
    expect(budget.chunks).toBe(800);
    for (let i = 0; i < 10; i++) budget.observe(30, 60, true);
    expect(budget.chunks).toBe(100);
  });

  it('drops back to the floor when frames stop coming', () => {
    const budget = createRenderBudget(50);
    for (let i = 0; i < 5; i++) budget.observe(1, 16.7, true);
    budget.stall();
    expect(budget.chunks).toBe(50);
  });

  it('learns a faster display at its first frame: at 120 Hz a 16 ms gap is a long frame', () => {
    const budget = createRenderBudget(10);
    for (let i = 0; i < 3; i++) budget.observe(1, 8.3, true);
    expect(budget.chunks).toBe(640);
    budget.observe(1, 16.7, true);
    budget.observe(1, 16.7, true);
    expect(budget.chunks).toBe(320);
  });

  it('never takes frames kept long for a slow display: 50 ms frames keep it at the floor', () => {
    const budget = createRenderBudget(10);
    for (let i = 0; i < 100; i++) budget.observe(1, 50, true);
    expect(budget.chunks).toBe(10);
  });
});

/** Frames run by hand, each `gapMs` after the last, with the frame's timestamp. */
function frameClock() {
  let time = 0;
  let pending: ((frameTime?: number) => void)[] = [];
  const scheduler: FrameScheduler = {
    schedule(callback) {
      pending.push(callback);
      return () => {
        pending = pending.filter((entry) => entry !== callback);
      };
    },
  };
  return {
    scheduler,
    /** Runs the next frame: every callback waiting, in order. */
    async frame(gapMs = 16.7) {
      time += gapMs;
      const run = pending;
      pending = [];
      for (const callback of run) callback(time);
      // Let the read loop and the commit probe (a microtask) run before the next frame.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

const sseFrames = (count: number, chars: number) =>
  Array.from({ length: count }, (_, i) => `data: ${String(i % 10).repeat(chars)}\n\n`);

describe('the budget in the engine', () => {
  it('grows while frames come on time, so a long burst needs few frames', async () => {
    const clock = frameClock();
    const { chat, done } = streamThrough(sseFrames(20_000, 5), { protocol: 'sse', contentType: 'text/event-stream', bufferSize: 50, scheduler: clock.scheduler });
    let frames = 0;
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) {
      await clock.frame();
      frames++;
    }
    const { stats, messages } = chat.getSnapshot();
    expect(messages.at(-1)!.content.length).toBe(100_000);
    // A fixed budget of 50 would need 400 frames.
    expect(frames).toBeLessThan(40);
    expect(stats.renderBudget).toBeGreaterThan(50);
  });

  it('stays at the floor while every frame runs long', async () => {
    const clock = frameClock();
    const { chat, done } = streamThrough(sseFrames(2_000, 5), { protocol: 'sse', contentType: 'text/event-stream', bufferSize: 50, scheduler: clock.scheduler });
    let finished = false;
    void done.then(() => (finished = true));
    let frames = 0;
    while (!finished) {
      await clock.frame(frames < 2 ? 16.7 : 50);
      frames++;
    }
    const { stats } = chat.getSnapshot();
    expect(stats.bufferHighWater).toBeLessThanOrEqual(2 * 50 + 1);
    expect(stats.renderBudget).toBe(50);
  });

  it('does not run away when the text a frame may show (budget.chars, capped) is what holds the flush', async () => {
    const clock = frameClock();
    const { chat, done } = streamThrough(sseFrames(4_000, 1000), { protocol: 'sse', contentType: 'text/event-stream', bufferSize: 10, scheduler: clock.scheduler });
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) await clock.frame();
    const { stats, messages } = chat.getSnapshot();
    expect(messages.at(-1)!.content.length).toBe(4_000_000);
    // 1,000-char tokens: the 1 MiB byte cap holds at ~1,049 of them, so more than a few times
    // that is growth nothing asked for (counting capped text as limited reached 16,777,216).
    expect(stats.renderBudget).toBeLessThanOrEqual(16_384);
  });

  it('never lets more than maxBufferBytes of text wait, plus one network chunk', async () => {
    const clock = frameClock();
    const { chat, done } = streamThrough(sseFrames(2_000, 1000), {
      protocol: 'sse',
      contentType: 'text/event-stream',
      bufferSize: 10,
      maxBufferBytes: 20_000,
      scheduler: clock.scheduler,
    });
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) await clock.frame();
    const { stats, messages } = chat.getSnapshot();
    expect(messages.at(-1)!.content.length).toBe(2_000_000);
    // 20 tokens of 1,000 characters fill the cap; one network chunk (one event here) may pass it.
    expect(stats.bufferHighWater).toBeLessThanOrEqual(21);
    expect(stats.renderBudget).toBeGreaterThan(20);
    // Once the byte cap is what holds the reader, more chunks would not be read: it stops growing
    // (10 × 4 × 4: the growths decided before the cap first held), over the ~100 frames left.
    expect(stats.renderBudget).toBeLessThanOrEqual(160);
  });
});
