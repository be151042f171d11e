import { buildRequest } from './buildRequest.js';
import { foldChunks, textOf } from './parts/foldChunk.js';
import { createStreamSession, type StreamSession } from './streamSession.js';
import { emptyStats } from './streamStats.js';
import type { AbortReason, ChatMessage, ChatOptions, ChatSnapshot, InitialMessage, MessageStatus } from './types.js';

const idPrefix = Math.random().toString(36).slice(2, 8);
let idCounter = 0;

export const createMessage = (role: ChatMessage['role'], content: string, status: MessageStatus = 'done'): ChatMessage => ({
  id: `${idPrefix}-${++idCounter}`,
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

  constructor(options: ChatOptions) {
    let session: StreamSession | undefined;
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

    // Forgets the current session, so that its end no longer sets the chat's status.
    const detach = () => {
      const current = session;
      session = undefined;
      current?.abort('superseded');
    };

    // The caller detaches the session in flight first, so `history` holds its final state.
    const start = (history: ChatMessage[], input: string) =>
      new Promise<ChatMessage>((resolve) => {
        const request = options;
        let reply = createMessage('assistant', '', 'streaming');
        // Puts a new version of the reply in place of the old one, with the latest stats.
        const update = (change: Partial<ChatMessage>, patch?: Partial<ChatSnapshot>) => {
          const previous = reply;
          reply = { ...reply, ...change };
          set({ messages: snapshot.messages.map((message) => (message === previous ? reply : message)), stats: own.stats(), ...patch });
        };
        const own: StreamSession = createStreamSession({
          // The reading options (fetch, protocol, bufferSize, ...) as they are when it starts.
          ...request,
          request: () => buildRequest(request, { messages: history, input }),
          onOpen: () => set({ status: 'streaming', stats: own.stats() }),
          // Per token: skip the guarded call entirely when the app has no onToken.
          onToken: (token) => options.onToken && call(options.onToken, token),
          onFlush(chunks) {
            const parts = foldChunks(reply.parts, chunks);
            if (parts !== reply.parts) update({ parts, content: textOf(parts) });
          },
          onEnd(outcome) {
            const { status } = outcome;
            // A session detached by send, retry or reset no longer sets the chat's status.
            const current = own === session;
            if (current) session = undefined;
            update({ status }, current ? { status, error: outcome.status === 'error' ? outcome.error : undefined } : {});
            resolve(reply);
            if (outcome.status === 'done') call(options.onFinish, reply);
            else if (outcome.status === 'error') call(options.onError, outcome.error, reply);
            else call(options.onCancel, outcome.reason, reply);
          },
        });
        session = own;
        set({ messages: [...history, reply], status: 'connecting', error: undefined, stats: own.stats() });
        void own.run();
      });

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
      cancel: (reason: AbortReason = 'user') => session?.abort(reason),
      reset: () => {
        detach();
        set({ messages: [], status: 'idle', error: undefined, stats: emptyStats() });
      },
    });
  }
}

export const createChatController = (options: ChatOptions) => new ChatController(options);
