/**
 * Runs a callback later, at most once per call; `schedule` returns a cancel function. The
 * callback gets the animation frame's timestamp when it runs in one (`undefined` from a timer):
 * the render budget grows only on frames, and measures them by these timestamps.
 */
export interface FrameScheduler {
  schedule(callback: (frameTime?: number) => void): () => void;
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
  return {
    schedule(callback) {
      // Whichever comes first runs it; the other (or a cancel) finds it no longer pending.
      let pending = true;
      const cancel = () => {
        pending = false;
        if (frame !== undefined) cancelAnimationFrame(frame);
        clearTimeout(timer);
      };
      const run = (frameTime?: number) => {
        if (!pending) return;
        cancel();
        callback(frameTime);
      };
      const frame = globalThis.requestAnimationFrame?.(run);
      const timer = setTimeout(run, frame === undefined ? 16 : fallbackMs);
      return cancel;
    },
  };
}
