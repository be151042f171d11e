/**
 * How many chunks the render buffer may hold before the reader stops: congestion control for
 * the renderer. It starts at the floor (`bufferSize`), doubles (or quadruples, while chunks cost
 * next to nothing) after each frame whose flush was limited by the budget and whose cost fit
 * well inside the frame, halves when frames keep running long,
 * and drops back to the floor when frames stop coming (a hidden or stalled page). The byte cap
 * is separate (the buffer checks it), so the budget never lets more than `maxBytes` of text
 * wait, whatever the chunk count.
 */
export interface RenderBudget {
  /** The chunks the buffer may hold right now. */
  readonly chunks: number;
  /**
   * The text one frame's flush may carry (UTF-16 units): `FLUSH_CHARS` (64 Ki) times the budget's
   * growth (`chunks` over the floor), at most 256 Ki. One network read can bring far more than
   * the chunk budget (a browser hands over all a paused body has piled up, hundreds of KB), and
   * a flush of all of it is one long task of layout; the rest waits for the next frame.
   */
  readonly chars: number;
  /**
   * A flush ran: `commitMs` is its synchronous cost (the fold and the commit of what it
   * changed), `gapMs` the time from the start of its animation frame to the next frame (layout
   * and paint included); `undefined` for an early flush, between frames, whose commit alone
   * is judged (it never makes a frame long, nor teaches the frame interval). `limited` says the
   * buffer had reached the budget's chunks, so more was waiting (a buffer held by the byte cap
   * is not: more chunks would not have been read).
   */
  observe(commitMs: number, gapMs: number | undefined, limited: boolean): void;
  /** A flush ran from the timer because no frame came: back to the floor. */
  stall(): void;
}

/** The frame interval assumed until frames say otherwise: 60 Hz. */
const DEFAULT_FRAME_MS = 1000 / 60;
/** The text a frame's flush may carry at the floor: about 5 ms of layout on a slow machine. */
export const FLUSH_CHARS = 64 * 1024;
/** The most text a frame's flush may carry, however far the budget grew: 1 Mi. */
export const MAX_FLUSH_CHARS = 16 * FLUSH_CHARS;
/** Far above any byte cap's worth of chunks; only keeps the doubling finite. */
const MAX_CHUNKS = 1 << 24;

export function createRenderBudget(floor: number): RenderBudget {
  let chunks = floor;
  // The frame interval: the shortest gap seen, from 60 Hz down (a 120 Hz display is learnt at
  // its first frame). It never creeps up, so frames that our own work keeps long are never
  // taken for a slow display; on a 30 Hz display the budget just stays at its floor.
  let frameMs = DEFAULT_FRAME_MS;
  // What a commit costs whatever it carries (the renders of an app's components, a busy-wait
  // in a benchmark): the cheapest commit seen. Only the cost above it is the budget's doing,
  // and a frame is long when it runs past one and a half intervals plus that fixed cost.
  let baseMs = Infinity;
  // The last frame ran long too.
  let late = false;
  return {
    get chunks() {
      return chunks;
    },
    // Grows with the budget up to MAX_FLUSH_CHARS: past that, a frame's layout of new text on
    // screen alone (a chat that keeps to the bottom) runs long on a slow machine.
    get chars() {
      return Math.min((FLUSH_CHARS * chunks) / floor, MAX_FLUSH_CHARS);
    },
    observe(commitMs, gapMs, limited) {
      if (gapMs !== undefined) frameMs = Math.max(4, Math.min(gapMs, frameMs));
      baseMs = Math.min(baseMs, commitMs);
      const long = gapMs !== undefined && gapMs > frameMs * 1.5 + baseMs;
      // What the chunks added to the commit used half the frame or more.
      const heavy = commitMs - baseMs >= frameMs / 2;
      // Falls back when frames keep running long: the second long frame in a row halves it, and
      // so does each one after. One long frame is let pass: a garbage collection, a busy machine
      // or another task delays a frame now and then, and halving on each such blip keeps the
      // budget near its floor on a loaded machine. (A budget that just doubled into a frame it
      // cannot fit runs long twice, once before the halving: the price of that tolerance.)
      if (long && late) chunks = Math.max(floor, chunks >> 1);
      // Well inside: the next frame came on time, the commit fitted in a frame and the chunks'
      // share of it was under half a frame. It doubles, or quadruples while the chunks' share is
      // under an eighth of a frame (what they cost leaves room for four times as many): a long
      // reply reaches the byte cap in a few frames rather than many.
      else if (!long && !heavy && commitMs < frameMs && limited) {
        chunks = Math.min(chunks * (commitMs - baseMs < frameMs / 8 ? 4 : 2), MAX_CHUNKS);
      }
      late = long;
    },
    stall() {
      chunks = floor;
      late = false;
    },
  };
}
