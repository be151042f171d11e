import type { FrameScheduler } from './frameScheduler.js';
import type { BufferedChunk, RenderBuffer } from './renderBuffer.js';
import { MAX_FLUSH_CHARS, type RenderBudget } from './renderBudget.js';
import type { StreamStats } from './types.js';

/** Two frames at 60 Hz: nothing shown for this long is a quiet spell. */
const QUIET_MS = 2000 / 60;
/** A read within this long means a burst is still arriving. */
const BURST_GAP_MS = 4;
/** The longest an early flush waits for the rest of a burst: half a 60 Hz frame. */
const EARLY_WAIT_MS = 8;
const now = () => performance.now();

export interface FlushPacerOptions {
  buffer: RenderBuffer;
  budget: RenderBudget;
  scheduler: FrameScheduler;
  /** The session's stats: a flush counts itself and the text it shows. */
  stats: StreamStats;
  /** Chunks moved from the render buffer into the message. */
  onFlush(chunks: BufferedChunk[]): void;
  /** The session has ended: frames no longer steer the budget. */
  isOver(): boolean;
  /** When the body last brought bytes. */
  lastRead(): number;
  /** The body has ended. */
  bodyEnded(): boolean;
}

export interface FlushPacer {
  /** A chunk went into the buffer: its flush is scheduled, if none is yet. */
  pushed(): void;
  /**
   * An early flush is on its way and may show more: the reader reads on past the budget, up to
   * what that flush may show, so a burst that spans reads shows in that one commit.
   */
  readonly readingOn: boolean;
  /** Resolves once frames have shown all that is buffered. */
  whenShown(): Promise<void>;
  /** The session ends: what is scheduled is cancelled and all that is buffered is shown now. */
  finish(): void;
}

/**
 * When the render buffer is flushed into the message, and what each flush tells the budget: at
 * most one flush per animation frame, each measured (its commit, and the gap to the next frame,
 * layout and paint included); from the timer when frames do not come (the budget goes back to
 * its floor); and after a quiet spell, early, in the next task.
 */
export function createFlushPacer(options: FlushPacerOptions): FlushPacer {
  const { buffer, budget, scheduler, stats } = options;
  let cancelFlush: (() => void) | undefined;
  let cancelProbe: (() => void) | undefined;
  let lastFlushAt = -Infinity;
  let early = false;
  let onShown: (() => void) | undefined;
  let shown: Promise<void> | undefined;
  // The budget that held the reader since the last flush: one that grew at this frame's probe
  // (just before this flush) has not had a frame's time to fill yet.
  let heldBy = budget.chunks;

  // Moves what is buffered into the message. In a frame, at most `maxChars` of text (what is
  // left goes in the next frame); at the end, all.
  const flush = (maxChars?: number) => {
    cancelFlush = undefined;
    if (!buffer.size) return;
    lastFlushAt = now();
    stats.bufferedTokens = buffer.size;
    stats.flushes++;
    const chunks = buffer.drain(maxChars);
    if (buffer.size) cancelFlush = scheduler.schedule(flushInFrame);
    else onShown?.();
    for (const chunk of chunks) stats.charsRendered += typeof chunk === 'string' ? chunk.length : chunk.type === 'text-delta' ? chunk.delta.length : 0;
    options.onFlush(chunks);
    // Once the commit is done (React renders a store update in a microtask queued during
    // onFlush): a slow render is not a quiet spell, and tokens that waited on it wait for a frame.
    queueMicrotask(() => (lastFlushAt = now()));
  };

  // Flushes at most `maxChars`, then hands `measured` the commit's cost (React renders a store
  // update in a microtask queued during onFlush, so one queued after it runs once that commit
  // is done) and whether the budget limited this flush: by its chunks, not the byte cap (only
  // then would a larger budget have let more in), or by the text a frame may show while a
  // larger budget would show more (past MAX_FLUSH_CHARS it would not, and counting that let the
  // chunk budget run away to its maximum on a long reply, leaving no chunk bound at all).
  const flushMeasured = (maxChars: number, measured: (commitMs: number, limited: boolean) => void) => {
    const start = now();
    const limited =
      (buffer.size >= Math.min(heldBy, budget.chunks) && buffer.bytes < buffer.maxBytes) ||
      (buffer.bytes > budget.chars && budget.chars < MAX_FLUSH_CHARS);
    heldBy = budget.chunks;
    flush(maxChars);
    queueMicrotask(() => {
      if (!options.isOver()) measured(now() - start, limited);
    });
  };
  // A budget that grew makes room: a reader waiting on the old one goes on.
  const observe = (commitMs: number, gapMs: number | undefined, limited: boolean) => {
    budget.observe(commitMs, gapMs, limited);
    if (!buffer.isFull) buffer.release();
  };
  const flushInFrame = (frameTime?: number) => {
    // From the timer (no frames: a hidden page lays nothing out), all of it.
    if (frameTime === undefined) return flush(), budget.stall();
    // The next frame's timestamp says whether layout and paint fit in this frame.
    flushMeasured(budget.chars, (commitMs, limited) => {
      cancelProbe = scheduler.schedule((nextFrame) => {
        cancelProbe = undefined;
        if (nextFrame !== undefined) observe(commitMs, nextFrame - frameTime, limited);
      });
    });
  };

  // What an early flush may show: one frame's text, within the byte cap.
  const earlyChars = () => Math.min(budget.chars, buffer.maxBytes);
  // The early flush waits while the body keeps bringing more (a read in the last BURST_GAP_MS),
  // up to EARLY_WAIT_MS: a burst that spans reads (a replay) then shows in that one commit,
  // rather than its first read now and the rest frames later.
  const flushSoon = (since: number): (() => void) | undefined =>
    scheduler.soon?.(() => {
      const t = now();
      if (t - options.lastRead() < BURST_GAP_MS && t - since < EARLY_WAIT_MS && buffer.bytes < earlyChars() && !options.bodyEnded()) {
        cancelFlush = flushSoon(since);
        if (cancelFlush) return;
      }
      early = false;
      // Its commit alone may grow the budget: the frame that paints it runs nothing of ours, and
      // waiting for the one after would start a long reply's growth a frame late.
      flushMeasured(budget.chars, (commitMs, limited) => observe(commitMs, undefined, limited));
    });

  return {
    pushed() {
      if (cancelFlush) return;
      // After a quiet spell (nothing shown for two frames: the first tokens, a burst after a
      // pause) the scheduler may show them in the next task instead of a frame later.
      if (now() - lastFlushAt > QUIET_MS) {
        cancelFlush = flushSoon(now());
        early = !!cancelFlush;
      }
      cancelFlush ??= scheduler.schedule(flushInFrame);
    },
    get readingOn() {
      return early && buffer.bytes < earlyChars();
    },
    whenShown: () => (shown ??= new Promise((resolve) => (onShown = resolve))),
    finish() {
      cancelFlush?.();
      cancelProbe?.();
      flush();
      onShown?.();
    },
  };
}
