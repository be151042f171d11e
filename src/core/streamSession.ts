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

export interface StreamSession {
  /** Runs the request to its end. Never rejects: every failure becomes the outcome. */
  run(): Promise<SessionOutcome>;
  /** Aborts the fetch and cancels the body reader, so the server sees the disconnect. */
  abort(reason: AbortReason): void;
  /** A copy of the stats, with the derived figures filled in. */
  stats(): StreamStats;
}

const now = () => performance.now();
const ignore = () => {};

/**
 * One request from start to end: its AbortController, fetch, read loop, decoders and render
 * buffer. The read loop pulls: it calls `reader.read()` only while the render buffer has room.
 */
export function createStreamSession(options: StreamSessionOptions): StreamSession {
  const { idleTimeoutMs, onFlush } = options;
  const aborter = new AbortController();
  const buffer = new RenderBuffer(options.bufferSize);
  const stats = emptyStats();
  const startedAt = now();
  let endedAt: number | undefined;
  let outcome: SessionOutcome | undefined;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let bodyEnded = false;
  let cancelFlush: (() => void) | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let lastActivity = startedAt;
  let paused = false;

  const flush = () => {
    cancelFlush = undefined;
    const waiting = buffer.size;
    if (!waiting) return;
    const text = buffer.drain();
    stats.bufferedTokens = waiting;
    stats.flushes++;
    stats.charsRendered += text.length;
    onFlush(text);
  };

  const end = (result: SessionOutcome) => {
    if (outcome) return;
    outcome = result;
    endedAt = now();
    clearTimeout(idleTimer);
    cancelFlush?.();
    // Every token received before this moment is kept: flush what no frame has shown yet.
    flush();
    buffer.release();
    if (!bodyEnded) {
      // Both, because msw and some runtimes don't carry an abort into a body already flowing.
      // Abort first: a cancel that waits on a tee'd body would otherwise hang.
      aborter.abort(new DOMException(`Stream ended: ${describe(result)}`, 'AbortError'));
      reader?.cancel().catch(ignore);
    }
    options.onEnd(result);
  };

  const abort = (reason: AbortReason) =>
    end(
      reason === 'timeout'
        ? { status: 'error', error: new StreamError('timeout', `No data for ${idleTimeoutMs} ms`) }
        : { status: 'cancelled', reason },
    );

  const sink: DecoderSink = {
    token(token) {
      if (outcome || !token) return;
      if (stats.tokensReceived++ === 0) stats.timeToFirstTokenMs = now() - startedAt;
      buffer.push(token);
      // Before onToken: a cancel() inside it must find this frame to cancel.
      cancelFlush ??= options.scheduler.schedule(flush);
      options.onToken(token);
    },
    finish: () => end({ status: 'done' }),
    fail: (error) => end({ status: 'error', error }),
  };

  // One timer for the whole request, re-armed for the remaining quiet time instead of being
  // reset on every chunk. Waiting on our own backpressure is not silence from the server.
  const armIdleTimer = (delay: number) => {
    idleTimer = setTimeout(() => {
      const quiet = now() - lastActivity;
      if (paused || quiet < idleTimeoutMs!) armIdleTimer(paused ? idleTimeoutMs! : idleTimeoutMs! - quiet);
      else abort('timeout');
    }, delay);
  };

  const waitForSpace = async () => {
    const start = now();
    stats.backpressureWaits++;
    paused = true;
    await buffer.waitForSpace();
    paused = false;
    lastActivity = now();
    stats.backpressureMs += now() - start;
  };

  const read = async () => {
    const { url, init } = options.request();
    const response = await options.fetch.call(undefined, url, { ...init, signal: aborter.signal });
    if (outcome) return void response.body?.cancel().catch(ignore);
    stats.timeToFirstByteMs = now() - startedAt;
    lastActivity = now();
    if (!response.ok) throw await httpError(response);

    const contentType = response.headers.get('content-type') ?? '';
    const protocol = resolveProtocol(options.protocol, contentType);
    const refused = protocol.check?.(contentType);
    if (refused) {
      const body = await readBodyPreview(response);
      throw new StreamError('protocol', refused.message, { status: response.status, body });
    }
    if (!response.body) throw new StreamError('protocol', 'The response has no body');

    options.onOpen();
    reader = response.body.getReader();
    const decoder = protocol.createDecoder(sink, { maxLineLength: options.maxLineLength });
    const text = new TextDecoder();
    while (!outcome) {
      if (buffer.isFull) await waitForSpace();
      if (outcome) return;
      const { done, value } = await reader.read();
      if (outcome) return;
      if (done) {
        bodyEnded = true;
        if (!stats.bytesReceived) throw new StreamError('protocol', 'The response body was empty');
        feed(decoder, text.decode());
        return decoder.end();
      }
      stats.bytesReceived += value.byteLength;
      stats.chunks++;
      lastActivity = now();
      feed(decoder, text.decode(value, { stream: true }));
    }
  };

  return {
    abort,
    async run() {
      if (idleTimeoutMs! > 0) armIdleTimer(idleTimeoutMs!);
      try {
        await read();
        end({ status: 'done' });
      } catch (error) {
        end({ status: 'error', error: toStreamError(error) });
      }
      return outcome!;
    },
    stats() {
      const elapsedMs = (endedAt ?? now()) - startedAt;
      const streamingMs = elapsedMs - (stats.timeToFirstTokenMs ?? elapsedMs);
      return {
        ...stats,
        bufferHighWater: buffer.highWater,
        elapsedMs,
        tokensPerSecond: streamingMs > 0 ? (stats.tokensReceived * 1000) / streamingMs : 0,
      };
    },
  };
}

function feed(decoder: StreamDecoder, text: string): void {
  if (!text) return;
  try {
    decoder.feed(text);
  } catch (cause) {
    throw new StreamError('protocol', `The decoder failed: ${cause}`, { cause });
  }
}

const describe = (outcome: SessionOutcome) =>
  outcome.status === 'cancelled' ? outcome.reason : outcome.status === 'error' ? outcome.error.kind : 'done';

function toStreamError(error: unknown): StreamError {
  if (error instanceof StreamError) return error;
  return new StreamError('network', `The connection failed: ${(error as Error)?.message ?? error}`, { cause: error });
}
