// Helpers for the resumable stream tests: read SSE events off a response as a client would.
import { createSSEParser } from 'react-streaming-chat/core';
import type { StreamStore } from 'react-streaming-chat/server';

export interface WireEvent {
  event?: string;
  data: string;
  id?: string;
}

export interface EventReader {
  /** The next event, or `undefined` at the end of the body. */
  next(): Promise<WireEvent | undefined>;
  /** Reads until the end; returns every event read by this call. */
  rest(): Promise<WireEvent[]>;
  /** Comments seen so far (heartbeats) and the `retry:` values. */
  comments: string[];
  retries: number[];
  /** Byte sizes of the body's chunks as they were read. */
  chunkBytes: number[];
  /** Drops the connection: cancels the body. */
  cancel(): Promise<void>;
}

/** Reads a response body event by event, pulling from it only when asked. */
export function eventReader(response: Response): EventReader {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const queue: WireEvent[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const chunkBytes: number[] = [];
  let done = false;
  const parser = createSSEParser({
    onEvent: (event) => queue.push(event),
    onComment: (comment) => comments.push(comment),
    onRetry: (ms) => retries.push(ms),
  });
  const next = async (): Promise<WireEvent | undefined> => {
    while (queue.length === 0 && !done) {
      const { done: end, value } = await reader.read();
      if (end) done = true;
      else {
        chunkBytes.push(value.byteLength);
        parser.feed(decoder.decode(value, { stream: true }));
      }
    }
    return queue.shift();
  };
  return {
    next,
    async rest() {
      const events: WireEvent[] = [];
      for (let event = await next(); event; event = await next()) events.push(event);
      return events;
    },
    comments,
    retries,
    chunkBytes,
    cancel: () => reader.cancel(),
  };
}

/** Reads `count` events (fewer if the body ends first). */
export async function take(reader: EventReader, count: number): Promise<WireEvent[]> {
  const events: WireEvent[] = [];
  while (events.length < count) {
    const event = await reader.next();
    if (!event) break;
    events.push(event);
  }
  return events;
}

/** A finite source of `count` tokens `t0 `, `t1 `, ...; `everyMs` apart when given. */
export function tokens(count: number, everyMs = 0) {
  const state = {
    yielded: 0,
    signal: undefined as AbortSignal | undefined,
    finished: false,
    expected: Array.from({ length: count }, (_, i) => `t${i} `),
    source: async function* (signal: AbortSignal) {
      state.signal = signal;
      try {
        for (const token of state.expected) {
          if (everyMs > 0) await new Promise((resolve) => setTimeout(resolve, everyMs));
          else await new Promise((resolve) => setImmediate(resolve));
          if (signal.aborted) return;
          state.yielded++;
          yield token;
        }
      } finally {
        state.finished = true;
      }
    },
  };
  return state;
}

/** The data of the plain data events (no `event:` field), in order. */
export const dataOf = (events: WireEvent[]): string[] => events.filter((e) => e.event === undefined).map((e) => e.data);

/** Polls `check` (sync or async) until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The store, recording every signal handed to it or made by it, to count listeners left on them. */
export function watched(store: StreamStore) {
  const signals: AbortSignal[] = [];
  const wrapped: StreamStore = {
    ...store,
    async open(id, info) {
      const writer = await store.open(id, info);
      signals.push(writer.signal);
      return writer;
    },
    wait(id, after, signal) {
      signals.push(signal);
      return store.wait(id, after, signal);
    },
  };
  return { store: wrapped, signals };
}
