import { buildRequest, buildResumeRequest, buildStopRequest } from './buildRequest.js';
import { foldChunks, textOf } from './parts/foldChunk.js';
import { createStreamExchange, type StreamExchange } from './streamExchange.js';
import type { SessionOutcome } from './streamSession.js';
import { emptyStats } from './streamStats.js';
import type { AbortReason, ChatMessage, ChatOptions, ChatSnapshot, InitialMessage, MessageStatus } from './types.js';

// Per page, so ids from two tabs sharing storage do not collide; made on first use, so an app
// that never creates a message does not bundle this module.
let idPrefix: string | undefined;
let idCounter = 0;

export const createMessage = (role: ChatMessage['role'], content: string, status: MessageStatus = 'done'): ChatMessage => ({
  id: `${(idPrefix ??= Math.random().toString(36).slice(2, 8))}-${++idCounter}`,
  role,
  content,
  parts: content ? [{ type: 'text', text: content }] : [],
  status,
});

/** `initialMessages` may omit `parts`: one text part is derived from `content`. */
const withParts = (message: InitialMessage): ChatMessage =>
  message.parts ? (message as ChatMessage) : { ...message, parts: message.content ? [{ type: 'text', text: message.content }] : [] };

// A throwing callback is the app's bug, not the stream's: it is reported (reportError in
// browsers, console.error elsewhere) and the exchange goes on.
const call = <A extends unknown[]>(callback: ((...args: A) => void) | undefined, ...args: A) => {
  try {
    callback?.(...args);
  } catch (error) {
    (globalThis.reportError ?? console.error)(error);
  }
};

/**
 * The chat's state outside any framework: messages, status, error and stats, one stream
 * session (one AbortController) per request. Subscribe to it; `getSnapshot` returns the same
 * object until something changes, and only the streaming message gets a new identity.
 * Methods are bound, so they can be passed around and keep their identity.
 */
export class ChatController {
  /** Options are read when each request starts, and callbacks when they fire: the latest win. */
  declare readonly setOptions: (options: ChatOptions) => void;
  declare readonly getSnapshot: () => ChatSnapshot;
  /** Adds a listener for any change; returns the unsubscribe. */
  declare readonly subscribe: (listener: () => void) => () => void;
  /**
   * Appends a user message and an assistant message, and streams the answer into it. A stream
   * already running is aborted as `superseded`. Settles when this exchange ends; never rejects.
   */
  declare readonly send: (text: string) => Promise<ChatMessage>;
  /** Runs the last user message again, replacing everything after it. Resolves `undefined` if there is none. */
  declare readonly retry: () => Promise<ChatMessage | undefined>;
  /** Aborts the request in flight. Cancelling is not an error: the status becomes `cancelled`. */
  declare readonly cancel: (reason?: AbortReason) => void;
  /** Aborts any request and returns to `idle` with no messages. */
  declare readonly reset: () => void;
  /**
   * Re-attaches to a running resumable stream (after a reload): streams it from its start into
   * the last message if that is an assistant message with this `streamId` or not `done`
   * (replacing its parts), else into a new one. Resolves `undefined`, changing nothing, when
   * the server answers 204 (unknown or expired). Calling it for the stream it is already reading
   * (resuming it, or streaming the reply of a send) returns that exchange's promise (React
   * StrictMode runs a mount effect twice).
   */
  declare readonly resume: (streamId: string) => Promise<ChatMessage | undefined>;

  constructor(options: ChatOptions) {
    let exchange: (StreamExchange & { resuming?: string; result: Promise<ChatMessage | undefined> }) | undefined;
    let snapshot: ChatSnapshot = {
      messages: options.initialMessages?.map(withParts) ?? [],
      status: 'idle',
      error: undefined,
      stats: emptyStats(),
      isStreaming: false,
    };
    const listeners = new Set<() => void>();

    const set = (patch: Partial<ChatSnapshot>) => {
      const next = { ...snapshot, ...patch };
      next.isStreaming = next.status === 'connecting' || next.status === 'streaming';
      snapshot = next;
      for (const listener of listeners) listener();
    };

    // Forgets the exchange in flight, so that its end no longer sets the chat's status.
    const detach = () => {
      const current = exchange;
      exchange = undefined;
      current?.abort('superseded');
    };

    /**
     * Streams one reply. `place` puts the reply into the conversation: at once for a send, when
     * the response opens for a resume (so a 204 changes nothing). The caller detaches first.
     */
    const run = (
      request: () => { url: string; init: RequestInit },
      place: (reply: ChatMessage, messages: ChatMessage[]) => ChatMessage[],
      resuming?: string,
    ): Promise<ChatMessage | undefined> => {
      const latest = options;
      let reply: ChatMessage | undefined;
      let resolve!: (message: ChatMessage | undefined) => void;
      const result = new Promise<ChatMessage | undefined>((done) => (resolve = done));
      // Puts a new version of the reply in place of the old one, with the latest stats.
      const update = (change: Partial<ChatMessage>, patch?: Partial<ChatSnapshot>) => {
        const previous = reply!;
        reply = { ...previous, ...change };
        set({ messages: snapshot.messages.map((message) => (message === previous ? reply! : message)), stats: own.stats(), ...patch });
      };
      const open = () => {
        if (reply) return;
        const messages = place(createMessage('assistant', '', 'streaming'), snapshot.messages);
        reply = messages.at(-1)!;
        set({ messages, status: 'connecting', error: undefined, stats: own.stats() });
      };
      const own = Object.assign(
        createStreamExchange({
          // The reading options (fetch, protocol, bufferSize, ...) as they are when it starts.
          ...latest,
          request,
          resuming: resuming !== undefined,
          reconnect: latest.reconnect ?? 3,
          resumeRequest: (streamId, lastEventId) => buildResumeRequest(latest, { streamId, lastEventId }),
          stop(streamId) {
            const { url, init } = buildStopRequest(latest, { streamId, lastEventId: undefined });
            (latest.fetch ?? globalThis.fetch)(url, init).catch(() => {});
          },
          onOpen(streamId) {
            open();
            update(streamId === undefined || reply!.streamId === streamId ? {} : { streamId }, { status: 'streaming' });
          },
          // Per token: skip the guarded call entirely when the app has no onToken.
          onToken: (token) => options.onToken && call(options.onToken, token),
          onFlush(chunks) {
            const parts = foldChunks(reply!.parts, chunks);
            if (parts !== reply!.parts) update({ parts, content: textOf(parts) });
          },
          onReconnect: () => update({}),
          onEnd(outcome: SessionOutcome) {
            // An exchange detached by send, retry, resume or reset no longer sets the chat's status.
            const current = own === exchange;
            if (current) exchange = undefined;
            const error = outcome.status === 'error' ? outcome.error : undefined;
            if (!reply) {
              // A resume that never opened: a 204 (or a cancel) changes nothing.
              if (current && error && error.status !== 204) set({ status: 'error', error, stats: own.stats() });
              return resolve(undefined);
            }
            update({ status: outcome.status }, current ? { status: outcome.status, error } : {});
            resolve(reply);
            if (outcome.status === 'done') call(options.onFinish, reply);
            else if (error) call(options.onError, error, reply);
            else if (outcome.status === 'cancelled') call(options.onCancel, outcome.reason, reply);
          },
        }),
        { resuming, result },
      );
      exchange = own;
      if (resuming === undefined) open();
      void own.run();
      return result;
    };

    // `history` ends with the user message; the reply follows it.
    const start = (history: ChatMessage[], input: string) => {
      const latest = options;
      return run(
        () => buildRequest(latest, { messages: history, input }),
        (reply) => [...history, reply],
      ) as Promise<ChatMessage>;
    };

    const retry = async () => {
      detach();
      const { messages } = snapshot;
      const index = messages.findLastIndex((message) => message.role === 'user');
      return index < 0 ? undefined : start(messages.slice(0, index + 1), messages[index]!.content);
    };

    Object.assign(this, {
      setOptions(next: ChatOptions) {
        options = next;
      },
      getSnapshot: () => snapshot,
      subscribe: (listener: () => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      send: (text: string) => {
        detach();
        return start([...snapshot.messages, createMessage('user', text)], text);
      },
      retry,
      resume(streamId: string) {
        // Already reading this stream (a resume, or the send that started it): the same reply.
        if (exchange && (exchange.resuming === streamId || exchange.streamId === streamId)) return exchange.result;
        detach();
        return run(
          () => buildResumeRequest(options, { streamId, lastEventId: undefined }),
          // Into the last message if it is this stream's or unfinished, its parts replaced.
          (fresh, messages) => {
            const last = messages.at(-1);
            const into = last?.role === 'assistant' && (last.streamId === streamId || last.status !== 'done');
            return into ? [...messages.slice(0, -1), { ...fresh, id: last.id, streamId }] : [...messages, { ...fresh, streamId }];
          },
          streamId,
        );
      },
      // Unmounting with `onUnmount: 'detach'` leaves a resumable stream running on the server.
      cancel: (reason: AbortReason = 'user') => exchange?.abort(reason, reason !== 'unmount' || options.onUnmount !== 'detach'),
      reset: () => {
        detach();
        set({ messages: [], status: 'idle', error: undefined, stats: emptyStats() });
      },
    });
  }
}

export const createChatController = (options: ChatOptions) => new ChatController(options);
