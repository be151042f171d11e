import { StreamError } from './errors';
import type { FrameScheduler } from './frameScheduler';
import { httpError, readBodyPreview } from './httpError';
import { resolveProtocol } from './protocols/resolveProtocol';
import type { DecoderSink, ProtocolOption, StreamDecoder } from './protocols/streamProtocol';
import { RenderBuffer } from './renderBuffer';
import { emptyStats } from './streamStats';
import type { AbortReason, StreamStats } from './types';

export type SessionOutcome =
  | { status: 'done' }
  | { status: 'cancelled'; reason: AbortReason }
  | { status: 'error'; error: StreamError };

export interface StreamSessionOptions {
  /** Builds the request; called once, when the session runs. */
  request: () => { url: string; init: RequestInit };
  fetch: typeof fetch;
  protocol: ProtocolOption;
  bufferSize: number;
  idleTimeoutMs: number | undefined;
  maxLineLength: number;
  scheduler: FrameScheduler;
  /** The response was accepted: tokens may follow. */
  onOpen(): void;
  onToken(token: string): void;
  /** Text moved from the render buffer into the message, at most once per scheduled frame. */
  onFlush(text: string): void;
  /** Called once, synchronously, when the session ends for any reason. */
  onEnd(outcome: SessionOutcome): void;
}

const now = () => performance.now();
const ignore = () => {};

/**
 * One request from start to end: its AbortController, fetch, read loop, decoders and render
 * buffer. The read loop pulls: it calls `reader.read()` only while the render buffer has room.
 */
export class StreamSession {
  readonly #options: StreamSessionOptions;
  readonly #abort = new AbortController();
  readonly #buffer: RenderBuffer;
  readonly #stats = emptyStats();
  readonly #startedAt = now();
  #endedAt: number | undefined;
  #outcome: SessionOutcome | undefined;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  #bodyEnded = false;
  #cancelFlush: (() => void) | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #lastActivity = this.#startedAt;
  #paused = false;

  constructor(options: StreamSessionOptions) {
    this.#options = options;
    this.#buffer = new RenderBuffer(options.bufferSize);
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  get outcome(): SessionOutcome | undefined {
    return this.#outcome;
  }

  /** Runs the request to its end. Never rejects: every failure becomes the outcome. */
  async run(): Promise<SessionOutcome> {
    this.#armIdleTimer(this.#options.idleTimeoutMs);
    try {
      await this.#read();
      this.#end({ status: 'done' });
    } catch (error) {
      this.#end({ status: 'error', error: toStreamError(error) });
    }
    return this.#outcome!;
  }

  /** Aborts the fetch and cancels the body reader, so the server sees the disconnect. */
  abort(reason: AbortReason): void {
    this.#end(
      reason === 'timeout'
        ? { status: 'error', error: new StreamError('timeout', `No data for ${this.#options.idleTimeoutMs} ms`) }
        : { status: 'cancelled', reason },
    );
  }

  /** A copy of the stats, with the derived figures filled in. */
  stats(): StreamStats {
    const stats = this.#stats;
    const elapsedMs = (this.#endedAt ?? now()) - this.#startedAt;
    const streamingMs = elapsedMs - (stats.timeToFirstTokenMs ?? elapsedMs);
    return {
      ...stats,
      bufferHighWater: this.#buffer.highWater,
      elapsedMs,
      tokensPerSecond: streamingMs > 0 ? (stats.tokensReceived * 1000) / streamingMs : 0,
    };
  }

  async #read(): Promise<void> {
    const { request, fetch, protocol: option, maxLineLength } = this.#options;
    const { url, init } = request();
    const response = await fetch(url, { ...init, signal: this.#abort.signal });
    if (this.#outcome) return void response.body?.cancel().catch(ignore);
    this.#stats.timeToFirstByteMs = now() - this.#startedAt;
    this.#lastActivity = now();
    if (!response.ok) throw await httpError(response);

    const contentType = response.headers.get('content-type') ?? '';
    const protocol = resolveProtocol(option, contentType);
    const refused = protocol.check?.(contentType);
    if (refused) {
      const body = await readBodyPreview(response);
      throw new StreamError('protocol', refused.message, { status: response.status, body });
    }
    if (!response.body) throw new StreamError('protocol', 'The response has no body');

    this.#options.onOpen();
    const reader = (this.#reader = response.body.getReader());
    const decoder = protocol.createDecoder(this.#sink, { maxLineLength });
    const text = new TextDecoder();
    const stats = this.#stats;
    while (!this.#outcome) {
      if (this.#buffer.isFull) await this.#waitForSpace();
      if (this.#outcome) return;
      const { done, value } = await reader.read();
      if (this.#outcome) return;
      if (done) {
        this.#bodyEnded = true;
        if (stats.bytesReceived === 0) throw new StreamError('protocol', 'The response body was empty');
        feed(decoder, text.decode());
        return decoder.end();
      }
      stats.bytesReceived += value.byteLength;
      stats.chunks++;
      this.#lastActivity = now();
      feed(decoder, text.decode(value, { stream: true }));
    }
  }

  readonly #sink: DecoderSink = {
    token: (token) => {
      if (this.#outcome || !token) return;
      const stats = this.#stats;
      if (stats.tokensReceived++ === 0) stats.timeToFirstTokenMs = now() - this.#startedAt;
      this.#buffer.push(token);
      this.#options.onToken(token);
      this.#cancelFlush ??= this.#options.scheduler.schedule(this.#flush);
    },
    finish: () => this.#end({ status: 'done' }),
    fail: (error) => this.#end({ status: 'error', error }),
  };

  readonly #flush = () => {
    this.#cancelFlush = undefined;
    const waiting = this.#buffer.size;
    if (waiting === 0) return;
    const text = this.#buffer.drain();
    const stats = this.#stats;
    stats.bufferedTokens = waiting;
    stats.flushes++;
    stats.charsRendered += text.length;
    this.#options.onFlush(text);
  };

  async #waitForSpace(): Promise<void> {
    const stats = this.#stats;
    const start = now();
    stats.backpressureWaits++;
    this.#paused = true;
    await this.#buffer.waitForSpace();
    this.#paused = false;
    this.#lastActivity = now();
    stats.backpressureMs += now() - start;
  }

  // One timer for the whole request, re-armed for the remaining quiet time instead of being
  // reset on every chunk. Waiting on our own backpressure is not silence from the server.
  #armIdleTimer(delay: number | undefined): void {
    if (delay === undefined || delay <= 0) return;
    this.#idleTimer = setTimeout(() => {
      const limit = this.#options.idleTimeoutMs!;
      const quiet = now() - this.#lastActivity;
      if (this.#paused) this.#armIdleTimer(limit);
      else if (quiet < limit) this.#armIdleTimer(limit - quiet);
      else this.abort('timeout');
    }, delay);
  }

  #end(outcome: SessionOutcome): void {
    if (this.#outcome) return;
    this.#outcome = outcome;
    this.#endedAt = now();
    clearTimeout(this.#idleTimer);
    this.#cancelFlush?.();
    // Every token received before this moment is kept: flush what the frame has not shown yet.
    this.#flush();
    this.#buffer.release();
    if (!this.#bodyEnded) {
      // Both, because msw and some runtimes don't carry an abort into a body already flowing.
      this.#abort.abort(new DOMException(`The stream ended: ${describe(outcome)}`, 'AbortError'));
      this.#reader?.cancel().catch(ignore);
    }
    this.#options.onEnd(outcome);
  }
}

function feed(decoder: StreamDecoder, text: string): void {
  if (!text) return;
  try {
    decoder.feed(text);
  } catch (cause) {
    throw new StreamError('protocol', `The decoder failed: ${String(cause)}`, { cause });
  }
}

const describe = (outcome: SessionOutcome) =>
  outcome.status === 'cancelled' ? outcome.reason : outcome.status === 'error' ? outcome.error.kind : 'done';

function toStreamError(error: unknown): StreamError {
  if (error instanceof StreamError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StreamError('network', `The connection failed: ${message}`, { cause: error });
}
