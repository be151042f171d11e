import { StreamError, type StreamErrorKind } from './errors.js';
import { createFrameScheduler } from './frameScheduler.js';
import { parseRetryAfter, readBodyPreview } from './httpError.js';
import { resolveProtocol } from './protocols/resolveProtocol.js';
import type { DecoderSink } from './protocols/streamProtocol.js';
import { RenderBuffer, type BufferedChunk } from './renderBuffer.js';
import { createRenderBudget, MAX_FLUSH_CHARS } from './renderBudget.js';
import { emptyStats } from './streamStats.js';
import type { AbortReason, ChatOptions, StreamStats } from './types.js';

export const DEFAULT_BUFFER_SIZE = 100;
export const DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;
export const DEFAULT_MAX_BUFFER_BYTES = 1024 * 1024;

export type SessionOutcome =
  | { status: 'done' }
  | { status: 'cancelled'; reason: AbortReason }
  | { status: 'error'; error: StreamError };

/** The request, and the chat options that shape its reading (with the same defaults). */
export interface StreamSessionOptions
  extends Pick<ChatOptions, 'fetch' | 'protocol' | 'bufferSize' | 'maxBufferBytes' | 'idleTimeoutMs' | 'maxLineLength' | 'scheduler'> {
  /** Builds the request; called once, when the session runs. */
  request: () => { url: string; init: RequestInit };
  /**
   * A resumable request (a resume or a reconnect): the body must end with its protocol's
   * terminal event, and a 204 means the stream is gone.
   */
  resumable?: boolean;
  /** The response was accepted: tokens may follow. A response with `x-stream-id` is resumable. */
  onOpen(headers: Headers): void;
  /**
   * Given, a cancel before the response's headers waits up to a second for them instead of
   * aborting at once, and hands them here, so a resumable stream's id can still be stopped.
   */
  onLateResponse?(headers: Headers): void;
  onToken(token: string): void;
  /** Chunks moved from the render buffer into the message, at most once per scheduled frame. */
  onFlush(chunks: BufferedChunk[]): void;
  /** Called once, synchronously, when the session ends for any reason. */
  onEnd(outcome: SessionOutcome): void;
}

export interface StreamSession {
  /** Runs the request to its end. Never rejects: every failure becomes the outcome. */
  run(): Promise<SessionOutcome>;
  /** The last SSE event id seen and the server's `retry:`, for a reconnect. */
  readonly lastEventId: string | undefined;
  readonly retryMs: number | undefined;
  /** Aborts the fetch and cancels the body reader, so the server sees the disconnect. */
  abort(reason: AbortReason): void;
  /** A copy of the stats, with the derived figures filled in. */
  stats(): StreamStats;
}

const defaultScheduler = /* @__PURE__ */ createFrameScheduler();
/** How long a cancel before the headers waits for them, to learn a resumable stream's id. */
const LATE_RESPONSE_MS = 1000;
/** Two frames at 60 Hz: nothing shown for this long is a quiet spell. */
const QUIET_MS = 2000 / 60;
/** A read within this long means a burst is still arriving. */
const BURST_GAP_MS = 4;
/** The longest an early flush waits for the rest of a burst: half a 60 Hz frame. */
const EARLY_WAIT_MS = 8;
const now = () => performance.now();
const ignore = () => {};

/**
 * One request from start to end: its AbortController, fetch, read loop, decoders and render
 * buffer. The read loop pulls: it calls `reader.read()` only while the render buffer has room.
 */
export function createStreamSession(options: StreamSessionOptions): StreamSession {
  const { idleTimeoutMs = 0, scheduler = defaultScheduler } = options;
  const aborter = new AbortController();
  const budget = createRenderBudget(options.bufferSize ?? DEFAULT_BUFFER_SIZE);
  const buffer = new RenderBuffer(budget, options.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES);
  const stats = emptyStats();
  const startedAt = now();
  let endedAt: number | undefined;
  let outcome: SessionOutcome | undefined;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let bodyEnded = false;
  let cancelFlush: (() => void) | undefined;
  let cancelProbe: (() => void) | undefined;
  let lastFlushAt = -Infinity;
  let early = false;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  // A cancel before the headers gives the fetch this long to bring them (a stream id to stop).
  let lateTimer: ReturnType<typeof setTimeout> | undefined;
  let lastActivity = startedAt;
  let paused = false;
  // The error the response's headers already gave, while its body preview is read: if the
  // body then stalls, the idle timeout reports this (a 429 stays a 429), not a bare timeout.
  let answered: StreamError | undefined;
  let responded = false;
  let resumable = !!options.resumable;
  let ending = false;
  // The reply is complete but frames have not shown all of it yet (see endWhenShown).
  let finishing: Promise<void> | undefined;
  let onShown: (() => void) | undefined;
  let lastEventId: string | undefined;
  let retryMs: number | undefined;

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

  // A scheduled flush also steers the budget: from the timer (no frames) back to the floor; in
  // a frame, by how long the commit took and whether the next frame came on time.
  // The budget that held the reader since the last flush: one that grew at this frame's probe
  // (just before this flush) has not had a frame's time to fill yet.
  let heldBy = budget.chunks;
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
      if (!outcome) measured(now() - start, limited);
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

  const end = (result: SessionOutcome, holdFetch = false) => {
    if (outcome) return;
    outcome = result;
    endedAt = now();
    clearTimeout(idleTimer);
    if (holdFetch) lateTimer = setTimeout(() => aborter.abort(), LATE_RESPONSE_MS);
    else if (!bodyEnded) {
      // The disconnect goes on the wire before any rendering work. Both, because msw and some
      // runtimes don't carry an abort into a body already flowing; abort first, because a
      // cancel that waits on a tee'd body would otherwise hang.
      aborter.abort();
      reader?.cancel().catch(ignore);
    }
    cancelFlush?.();
    cancelProbe?.();
    // Every token received before this moment is kept: flush what no frame has shown yet.
    flush();
    onShown?.();
    buffer.release();
    options.onEnd(result);
  };
  const fail = (error: StreamError) => end({ status: 'error', error });

  // The reply is complete. What the buffer still holds (one network read can bring hundreds of
  // KB) is shown frame by frame, at most `budget.chars` a frame like the rest, and then the
  // session ends: a flush of all of it at once would be one long task of layout.
  const endWhenShown = async () => {
    if (outcome) return;
    // What one frame may show anyway goes out with the end at once, as it always did.
    if (buffer.bytes > budget.chars) {
      paused = true;
      await (finishing ??= new Promise((resolve) => (onShown = resolve)));
    }
    end({ status: 'done' });
  };

  const abort = (reason: AbortReason) =>
    reason === 'timeout'
      ? fail(answered ?? new StreamError('timeout', `No data for ${idleTimeoutMs} ms`))
      : end({ status: 'cancelled', reason }, !responded && !!options.onLateResponse);

  const push = (chunk: BufferedChunk) => {
    stats.tokensReceived++;
    stats.timeToFirstTokenMs ??= now() - startedAt;
    buffer.push(chunk);
    // Before onToken: a cancel() inside it must find this frame to cancel. After a quiet spell
    // (nothing shown for two frames: the first tokens, a burst after a pause) the scheduler may
    // show them in the next task instead of a frame later.
    if (cancelFlush) return;
    if (now() - lastFlushAt > QUIET_MS) {
      cancelFlush = flushSoon(now());
      early = !!cancelFlush;
    }
    cancelFlush ??= scheduler.schedule(flushInFrame);
  };
  // What an early flush may show: one frame's text, within the byte cap.
  const earlyChars = () => Math.min(budget.chars, buffer.maxBytes);
  // The early flush waits while the body keeps bringing more (a read in the last BURST_GAP_MS),
  // up to EARLY_WAIT_MS: a burst that spans reads (a replay) then shows in that one commit,
  // rather than its first read now and the rest frames later.
  const flushSoon = (since: number): (() => void) | undefined =>
    scheduler.soon?.(() => {
      const t = now();
      if (t - lastActivity < BURST_GAP_MS && t - since < EARLY_WAIT_MS && buffer.bytes < earlyChars() && !bodyEnded) {
        cancelFlush = flushSoon(since);
        if (cancelFlush) return;
      }
      early = false;
      // Its commit alone may grow the budget: the frame that paints it runs nothing of ours, and
      // waiting for the one after would start a long reply's growth a frame late.
      flushMeasured(budget.chars, (commitMs, limited) => observe(commitMs, undefined, limited));
    });
  const sink: DecoderSink = {
    token(token) {
      if (outcome || finishing || !token) return;
      push(token);
      options.onToken(token);
    },
    part(chunk) {
      if (outcome || finishing) return;
      if (chunk.type === 'abort') return end({ status: 'cancelled', reason: 'stopped' });
      push(chunk);
      if (chunk.type === 'text-delta') options.onToken(chunk.delta);
    },
    // A resumable stream ends only at its terminal event: a body that just stops was cut.
    finish: () =>
      ending && resumable ? fail(new StreamError('network', 'The stream ended before its terminal event')) : void endWhenShown(),
    fail,
    eventId(id) {
      lastEventId = id;
    },
    retry(ms) {
      retryMs = ms;
    },
  };

  // One timer for the whole request, re-armed for the remaining quiet time instead of being
  // reset on every chunk. Waiting on our own backpressure is not silence from the server.
  const armIdleTimer = (delay: number) => {
    idleTimer = setTimeout(() => {
      const left = paused ? idleTimeoutMs : lastActivity + idleTimeoutMs - now();
      if (left > 0) armIdleTimer(left);
      else abort('timeout');
    }, delay);
  };

  const read = async () => {
    const { url, init } = options.request();
    // Called bare: a browser's fetch throws when called as a method of another object.
    const fetch = options.fetch ?? globalThis.fetch;
    const response = await fetch(url, { ...init, signal: aborter.signal });
    responded = true;
    if (outcome) {
      clearTimeout(lateTimer);
      options.onLateResponse?.(response.headers);
      aborter.abort();
      return void response.body?.cancel().catch(ignore);
    }
    lastActivity = now();
    stats.timeToFirstByteMs = lastActivity - startedAt;
    const { status, statusText, headers } = response;
    // Ends with the error the headers tell of, with the first KiB of the body (an error page).
    const refuse = async (kind: StreamErrorKind, message: string, retryAfter?: number): Promise<never> => {
      answered = new StreamError(kind, message, { status, retryAfter });
      throw new StreamError(kind, message, { status, retryAfter, body: await readBodyPreview(response) });
    };
    if (!response.ok) await refuse('http', `HTTP ${status} ${statusText}`.trim(), parseRetryAfter(headers.get('retry-after')));
    if (status === 204 && resumable) throw new StreamError('http', 'The stream is gone (HTTP 204)', { status });
    resumable ||= headers.has('x-stream-id');

    const contentType = headers.get('content-type') ?? '';
    const protocol = resolveProtocol(options.protocol ?? 'auto', contentType);
    const refused = protocol.check?.(contentType);
    if (refused) await refuse('protocol', refused.message);
    // No body at all (a 204, say) is an empty body.
    if (!response.body) throw new StreamError('protocol', 'The response body was empty');

    options.onOpen(headers);
    reader = response.body.getReader();
    const decoder = protocol.createDecoder(sink, { maxLineLength: options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH });
    const text = new TextDecoder();
    for (;;) {
      // While an early flush is on its way (at most EARLY_WAIT_MS), a burst is read on up to
      // what that flush may show, so a burst that spans reads shows in that one commit.
      if (buffer.isFull && !(early && buffer.bytes < earlyChars())) {
        const start = now();
        stats.backpressureWaits++;
        paused = true;
        await buffer.waitForSpace();
        paused = false;
        lastActivity = now();
        stats.backpressureMs += lastActivity - start;
      }
      if (outcome || finishing) return;
      const { done, value } = await reader.read();
      if (outcome || finishing) return;
      if (done) {
        bodyEnded = true;
        if (!stats.bytesReceived) throw new StreamError('protocol', 'The response body was empty');
      } else {
        stats.bytesReceived += value.byteLength;
        stats.chunks++;
        lastActivity = now();
      }
      const chunk = text.decode(value, { stream: !done });
      try {
        if (chunk) decoder.feed(chunk);
      } catch (cause) {
        throw new StreamError('protocol', `Decoder failed: ${cause}`, { cause });
      }
      if (done) {
        ending = true;
        return decoder.end();
      }
    }
  };

  return {
    abort,
    get lastEventId() {
      return lastEventId;
    },
    get retryMs() {
      return retryMs;
    },
    async run() {
      if (idleTimeoutMs > 0) armIdleTimer(idleTimeoutMs);
      try {
        await read();
        await endWhenShown();
      } catch (error) {
        fail(
          error instanceof StreamError
            ? error
            : new StreamError('network', `Connection failed: ${(error as Error)?.message ?? error}`, { cause: error }),
        );
      }
      // The fetch has settled, one way or the other: nothing left to abort later.
      clearTimeout(lateTimer);
      return outcome!;
    },
    stats() {
      const elapsedMs = (endedAt ?? now()) - startedAt;
      const streamingMs = elapsedMs - (stats.timeToFirstTokenMs ?? elapsedMs);
      return {
        ...stats,
        bufferHighWater: buffer.highWater,
        renderBudget: budget.chunks,
        elapsedMs,
        tokensPerSecond: streamingMs > 0 ? (stats.tokensReceived * 1000) / streamingMs : 0,
      };
    },
  };
}
