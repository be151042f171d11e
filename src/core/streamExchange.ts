import { createStreamSession, type SessionOutcome, type StreamSession, type StreamSessionOptions } from './streamSession.js';
import { emptyStats } from './streamStats.js';
import type { AbortReason, StreamStats } from './types.js';

type Request = () => { url: string; init: RequestInit };

export interface StreamExchangeOptions
  extends Omit<StreamSessionOptions, 'request' | 'resumable' | 'onOpen' | 'onLateResponse' | 'onEnd'> {
  /** The first request: a POST of the conversation, or the GET of `chat.resume`. */
  request: Request;
  /** The first request already reads a resumable stream (`chat.resume`). */
  resuming?: boolean;
  /** Reconnects allowed after a drop. */
  reconnect: number;
  /** The GET that continues the stream after `lastEventId`. */
  resumeRequest(streamId: string, lastEventId: string | undefined): { url: string; init: RequestInit };
  /** Sends the DELETE that stops the producer. Fire and forget. */
  stop(streamId: string): void;
  /** A response was accepted (each reconnect too); `streamId` when the stream is resumable. */
  onOpen(streamId: string | undefined): void;
  /** A drop: waiting to reconnect. The reply stays `streaming`. */
  onReconnect?(attempt: number): void;
  /** Called once, synchronously, when the exchange ends for any reason. */
  onEnd(outcome: SessionOutcome): void;
}

export interface StreamExchange {
  /** Runs until the reply ends. Never rejects. */
  run(): Promise<SessionOutcome>;
  /** Ends the exchange; `stop` (default true) also stops a resumable stream's producer. */
  abort(reason: AbortReason, stop?: boolean): void;
  readonly streamId: string | undefined;
  stats(): StreamStats;
}

const additive = ['bytesReceived', 'tokensReceived', 'chunks', 'flushes', 'backpressureWaits', 'backpressureMs', 'charsRendered'] as const;

// Without the server's `retry:`: 0.25 s, 0.5 s, 1 s ... up to 5 s, with jitter so that many
// clients dropped at once by one server do not all come back in the same millisecond.
const backoff = (attempt: number) => Math.min(250 * 2 ** (attempt - 1), 5000) * (0.5 + Math.random());

/**
 * One reply from start to end: a sequence of stream sessions (one request each) that share the
 * reply. A resumable response (`x-stream-id`) that drops is resumed with `Last-Event-ID`, up to
 * `reconnect` times in a row (a reconnect that reads an event resets the count); every
 * client-side end stops its producer. A plain response is one session.
 */
export function createStreamExchange(options: StreamExchangeOptions): StreamExchange {
  let session: StreamSession | undefined;
  let streamId: string | undefined;
  let lastEventId: string | undefined;
  let reconnects = 0;
  // Reconnects since the stream last made progress: `reconnect` bounds each drop, not the reply.
  let attempts = 0;
  let outcome: SessionOutcome | undefined;
  let waiting: ReturnType<typeof setTimeout> | undefined;
  // Whether the end stops the producer: false for an unmount with `onUnmount: 'detach'`.
  let stopOnEnd = true;
  let settle!: (outcome: SessionOutcome) => void;
  const ended = new Promise<SessionOutcome>((resolve) => (settle = resolve));
  // What the dropped sessions counted (the last of them may still be `session`, while waiting).
  const totals: Partial<StreamStats> = {};
  let counted: StreamSession | undefined;
  let firstSession: StreamSession | undefined;
  const startedAt = performance.now();
  let endedAt: number | undefined;

  const end = (result: SessionOutcome) => {
    if (outcome) return;
    outcome = result;
    endedAt = performance.now();
    clearTimeout(waiting);
    options.onEnd(result);
    settle(result);
  };

  const open = (request: Request, resumable: boolean) => {
    const from = lastEventId;
    const own: StreamSession = createStreamSession({
      ...options,
      request,
      resumable,
      onOpen(headers) {
        streamId ??= headers.get('x-stream-id') ?? undefined;
        options.onOpen(streamId);
      },
      // A cancel that came before the headers: stop the stream once its id is known.
      onLateResponse(headers) {
        const id = headers.get('x-stream-id');
        if (id && stopOnEnd) options.stop(id);
      },
      onEnd(result) {
        lastEventId = own.lastEventId ?? lastEventId;
        if (outcome) return;
        if (lastEventId !== from) attempts = 0;
        const dropped = result.status === 'error' && (result.error.kind === 'network' || result.error.kind === 'timeout');
        if (!dropped || streamId === undefined || attempts >= options.reconnect) return end(result);
        // Dropped: the reply stays streaming while we wait, then continue after the last event.
        const id = streamId;
        const sessionStats = own.stats();
        for (const key of additive) totals[key] = (totals[key] ?? 0) + sessionStats[key];
        counted = own;
        attempts++;
        options.onReconnect?.(++reconnects);
        waiting = setTimeout(() => open(() => options.resumeRequest(id, lastEventId), true), own.retryMs ?? backoff(attempts));
      },
    });
    session = own;
    firstSession ??= own;
    void own.run();
  };

  return {
    run() {
      open(options.request, !!options.resuming);
      return ended;
    },
    abort(reason, stop = true) {
      if (outcome) return;
      stopOnEnd = stop;
      if (stop && streamId !== undefined) options.stop(streamId);
      // A session in flight ends itself, and so the exchange; between sessions, end here.
      session?.abort(reason);
      end({ status: 'cancelled', reason });
    },
    get streamId() {
      return streamId;
    },
    stats() {
      if (!session) return emptyStats();
      const stats = { ...session.stats(), reconnects, elapsedMs: (endedAt ?? performance.now()) - startedAt };
      if (firstSession && firstSession !== session) {
        const { timeToFirstByteMs, timeToFirstTokenMs } = firstSession.stats();
        Object.assign(stats, { timeToFirstByteMs, timeToFirstTokenMs });
      }
      // Between a drop and its reconnect the session is one that totals already hold.
      for (const key of additive) stats[key] = (session === counted ? 0 : stats[key]) + (totals[key] ?? 0);
      return stats;
    },
  };
}
