import type { DecoderSink } from './streamProtocol.js';

/** A sink that remembers whether the stream has ended. */
export interface EndingSink extends DecoderSink {
  /** `finish()` or `fail()` was called: the decoder reads nothing more. */
  readonly ended: boolean;
  eventId(id: string): void;
  retry(ms: number): void;
}

/**
 * Wraps a sink so that only its first `finish()` or `fail()` goes through and the decoder can
 * stop reading there (the events after a terminal or bad frame in the same piece of text).
 */
export function endOnce(sink: DecoderSink): EndingSink {
  let ended = false;
  // Arrows calling the sink's methods, not the methods themselves: a sink may rely on `this`.
  return {
    get ended() {
      return ended;
    },
    token: (text) => ended || sink.token(text),
    part: (chunk) => ended || sink.part(chunk),
    finish() {
      if (ended) return;
      ended = true;
      sink.finish();
    },
    fail(error) {
      if (ended) return;
      ended = true;
      sink.fail(error);
    },
    eventId: (id) => ended || sink.eventId?.(id),
    retry: (ms) => sink.retry?.(ms),
  };
}
