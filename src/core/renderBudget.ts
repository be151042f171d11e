/**
 * How many chunks the render buffer may hold before the reader stops: congestion control for
 * the renderer. It starts at the floor (`bufferSize`), doubles after each frame whose flush was
 * limited by the budget and whose cost fit well inside the frame, halves after a frame that ran
 * long, and drops back to the floor when frames stop coming (a hidden or stalled page). The
 * byte cap is separate (the buffer checks it), so the budget never lets more than `maxBytes`
 * of text wait, whatever the chunk count.
 */
export interface RenderBudget {
  /** The chunks the buffer may hold right now. */
  readonly chunks: number;
  /**
   * A flush ran in an animation frame: `commitMs` is its synchronous cost (the fold and the
   * commit of what it changed), `gapMs` the time from its start to the next frame (layout and
   * paint included). `limited` says the buffer had reached the budget, so more was waiting.
   */
  observe(commitMs: number, gapMs: number, limited: boolean): void;
  /** A flush ran from the timer because no frame came: back to the floor. */
  stall(): void;
}

/** The frame interval assumed until frames say otherwise: 60 Hz. */
const DEFAULT_FRAME_MS = 1000 / 60;

export function createRenderBudget(floor: number): RenderBudget {
  let chunks = floor;
  // The frame interval: the shortest gap seen, from 60 Hz down (a 120 Hz display is learnt at
  // its first frame). It never creeps up, so frames that our own work keeps long are never
  // taken for a slow display; on a 30 Hz display the budget just stays at its floor.
  let frameMs = DEFAULT_FRAME_MS;
  return {
    get chunks() {
      return chunks;
    },
    observe(commitMs, gapMs, limited) {
      frameMs = Math.max(4, Math.min(gapMs, frameMs));
      if (gapMs > frameMs * 1.5) chunks = Math.max(floor, chunks >> 1);
      // Well inside: the next frame came on time and the commit used under half of it.
      else if (limited && commitMs < frameMs / 2) chunks = Math.min(chunks * 2, 1 << 30);
    },
    stall() {
      chunks = floor;
    },
  };
}
