import { HEARTBEAT_FRAME, formatServerEvent } from '../formatServerEvent.js';
import { errorEvents } from './logEncoder.js';
import type { LogEvent, StreamFormat, StreamStore } from './types.js';
import { HEARTBEAT, withHeartbeat } from '../heartbeat.js';

export interface LogReaderOptions {
  format: StreamFormat;
  /** Read the events after this one; from the start when `undefined`. */
  after: string | undefined;
  heartbeatMs: number;
  /** Events per read from the store: the most a reader holds. */
  batchSize: number;
  /** Sent as the SSE `retry:` field first, when set. */
  retryMs?: number;
  /** Called at the reader's first pull, and once when it ends or is cancelled. */
  onAttach?(): void;
  onDetach?(): void;
}

/** What readers say when a log stops growing without its closing events. */
export const PRODUCER_LOST = 'The server producing this reply was lost before it finished';

/**
 * A pull-based stream of one log's events as SSE frames, each with its `id:`: it replays the log
 * after `after`, then follows it until its final event. It reads from the store only when its
 * consumer pulls (highWaterMark 0) and holds at most one batch. While the log is quiet it sends
 * heartbeats; a log whose producer was lost ends with an error event. Cancelling it only
 * detaches this reader; the producer goes on.
 */
export function logReader(store: StreamStore, id: string, options: LogReaderOptions): ReadableStream<Uint8Array> {
  const { format, batchSize, retryMs, onAttach, onDetach } = options;
  const heartbeatMs = options.heartbeatMs > 0 ? options.heartbeatMs : Infinity;
  const encoder = new TextEncoder();
  const detach = new AbortController();
  let cursor = options.after;
  let attached = false;
  let ended = false;
  // Survives a pull that ended in a heartbeat: the next pull goes on waiting for the same events.
  let waiting: Promise<void> | undefined;
  // Heartbeats count from the last bytes sent, not from each wait: the Redis store's waits
  // return every second to re-check the producer's lease.
  let lastSent = performance.now();

  const end = (): void => {
    if (ended) return;
    ended = true;
    detach.abort();
    if (attached) onDetach?.();
  };
  const frames = (events: (LogEvent & { id?: string })[]): Uint8Array =>
    encoder.encode(events.map((event) => formatServerEvent({ ...event, id: event.id ?? cursor })).join(''));

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (retryMs !== undefined) controller.enqueue(encoder.encode(`retry: ${retryMs}\n\n`));
      },

      async pull(controller) {
        if (!attached) {
          attached = true;
          onAttach?.();
        }
        try {
          for (;;) {
            if (!waiting) {
              const batch = await store.read(id, cursor, batchSize);
              if (ended) return;
              const last = batch.events.at(-1);
              if (last) {
                cursor = last.id;
                lastSent = performance.now();
                controller.enqueue(frames(batch.events));
                if (last.final) finish(controller);
                return;
              }
              if (batch.state === 'ended') return finish(controller);
              if (batch.state === 'lost') {
                controller.enqueue(frames(errorEvents(format, PRODUCER_LOST)));
                return finish(controller);
              }
              waiting = store.wait(id, cursor, detach.signal);
            }
            const woken = await withHeartbeat(waiting, heartbeatMs - (performance.now() - lastSent));
            if (ended) return;
            if (woken === HEARTBEAT) {
              lastSent = performance.now();
              controller.enqueue(encoder.encode(HEARTBEAT_FRAME));
              return;
            }
            waiting = undefined;
          }
        } catch {
          if (ended) return;
          // The store failed (Redis unreachable): say so rather than hang or look truncated.
          controller.enqueue(frames(errorEvents(format, 'The stream store is unavailable')));
          finish(controller);
        }
      },

      cancel() {
        end();
      },
    },
    // Zero: the store is read only while a read is waiting, so nothing piles up in this reader.
    new CountQueuingStrategy({ highWaterMark: 0 }),
  );

  function finish(controller: ReadableStreamDefaultController<Uint8Array>): void {
    end();
    controller.close();
  }
}
