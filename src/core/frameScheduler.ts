/**
 * Runs a callback later, at most once per call; `schedule` returns a cancel function. The
 * callback gets the animation frame's timestamp when it runs in one (`undefined` from a timer):
 * the render budget grows only on frames, and measures them by these timestamps.
 */
export interface FrameScheduler {
  schedule(callback: (frameTime?: number) => void): () => void;
  /**
   * Optional: runs the callback in the next task rather than at the next frame, and keeps the
   * next frame's callbacks for the frame after, so there is still at most one commit per frame.
   * Returns `undefined` (and does nothing) where frames are not coming: a hidden page, or one
   * where the timer last had to stand in for a frame (until a frame comes again). The session
   * uses it for the first tokens after a quiet spell, which then show at once. A scheduler
   * without it always waits for a frame.
   */
  soon?(callback: () => void): (() => void) | undefined;
}

export interface FrameSchedulerOptions {
  /**
   * How long to wait for an animation frame before a timer runs the callback instead, so a
   * hidden tab (no frames) still completes. Default 100 ms. Without `requestAnimationFrame`
   * (Node, no DOM) the timer alone runs it, after 16 ms.
   */
  fallbackMs?: number;
}

/** The default scheduler: the next animation frame, or a timer when frames don't come. */
export function createFrameScheduler({ fallbackMs = 100 }: FrameSchedulerOptions = {}): FrameScheduler {
  // After an early run (`soon`), the next frame paints its commit: callbacks of that frame (all
  // get the same timestamp) wait for the one after.
  let ranEarly = false;
  let skipped: number | undefined;
  // The timer last ran a callback that was waiting for a frame: frames are not coming (an
  // occluded page, a stalled renderer), so no early runs until one comes.
  let framesMissing = false;
  const schedule = (callback: (frameTime?: number) => void) => {
    // Whichever comes first runs it; the other (or a cancel) finds it no longer pending.
    let pending = true;
    let frame: number | undefined;
    const cancel = () => {
      pending = false;
      if (frame !== undefined) cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
    const run = (frameTime?: number) => {
      if (!pending) return;
      if (frameTime !== undefined && (ranEarly || frameTime === skipped)) {
        ranEarly = false;
        skipped = frameTime;
        return void (frame = requestAnimationFrame(run));
      }
      cancel();
      if (frame !== undefined) framesMissing = frameTime === undefined;
      callback(frameTime);
    };
    frame = globalThis.requestAnimationFrame?.(run);
    const timer = setTimeout(run, frame === undefined ? 16 : fallbackMs);
    return cancel;
  };
  return {
    schedule,
    soon(callback) {
      // Where frames come: a visible page with requestAnimationFrame. Not from our own last
      // frame: the first tokens after a pause of any length are the ones worth showing at once.
      const hidden = globalThis.document?.visibilityState === 'hidden';
      if (framesMissing || hidden || !globalThis.requestAnimationFrame) return undefined;
      const timer = setTimeout(() => {
        ranEarly = true;
        // The frame after this task paints the early commit: all of our callbacks in it (before
        // or after this one) wait for the next, and later frames are not held back.
        globalThis.requestAnimationFrame?.((frameTime) => {
          ranEarly = false;
          skipped = frameTime;
        });
        callback();
      });
      return () => clearTimeout(timer);
    },
  };
}
