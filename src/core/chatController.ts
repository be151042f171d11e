import { buildRequest } from './buildRequest';
import { createFrameScheduler } from './frameScheduler';
import { createStreamSession, type SessionOutcome, type StreamSession } from './streamSession';
import { emptyStats } from './streamStats';
import type { AbortReason, ChatMessage, ChatOptions, ChatSnapshot, MessageStatus } from './types';

export const DEFAULT_BUFFER_SIZE = 100;
export const DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;

const defaultScheduler = createFrameScheduler();
const idPrefix = Math.random().toString(36).slice(2, 8);
let idCounter = 0;

export const createMessage = (role: ChatMessage['role'], content: string, status: MessageStatus = 'done'): ChatMessage => ({
  id: `${idPrefix}-${++idCounter}`,
  role,
  content,
  status,
});

/**
 * The chat's state outside any framework: messages, status, error and stats, one stream
 * session (one AbortController) per request. Subscribe to it; `getSnapshot` returns the same
 * object until something changes, and only the streaming message gets a new identity.
 * Methods are bound, so they can be passed around and keep their identity.
 */
export class ChatController {
  /** Options are read when each request starts, and callbacks when they fire: the latest win. */
  readonly setOptions: (options: ChatOptions) => void;
  readonly getSnapshot: () => ChatSnapshot;
  /** Adds a listener for any change; returns the unsubscribe. */
  readonly subscribe: (listener: () => void) => () => void;
  /**
   * Appends a user message and an assistant message, and streams the answer into it. A stream
   * already running is aborted as `superseded`. Settles when this exchange ends; never rejects.
   */
  readonly send: (text: string) => Promise<ChatMessage>;
  /** Runs the last user message again, replacing everything after it. Resolves `undefined` if there is none. */
  readonly retry: () => Promise<ChatMessage | undefined>;
  /** Aborts the request in flight. Cancelling is not an error: the status becomes `cancelled`. */
  readonly cancel: (reason?: AbortReason) => void;
  /** Aborts any request and returns to `idle` with no messages. */
  readonly reset: () => void;

  constructor(initialOptions: ChatOptions) {
    let options = initialOptions;
    let session: StreamSession | undefined;
    let snapshot: ChatSnapshot = {
      messages: options.initialMessages ?? [],
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

    // Replaces one message by id (searching from the end, where the streaming one is). The
    // message may be gone (after reset or retry): then `message` is undefined.
    const patchMessage = (id: string, patch: (message: ChatMessage) => Partial<ChatMessage>) => {
      const messages = snapshot.messages.slice();
      const index = messages.findLastIndex((message) => message.id === id);
      if (index >= 0) messages[index] = { ...messages[index]!, ...patch(messages[index]!) };
      return { messages, message: messages[index] };
    };

    // Forgets the current session, so that its end no longer sets the chat's status.
    const detach = () => {
      const current = session;
      session = undefined;
      current?.abort('superseded');
    };

    const report = (outcome: SessionOutcome, message: ChatMessage) => {
      if (outcome.status === 'done') options.onFinish?.(message);
      else if (outcome.status === 'error') options.onError?.(outcome.error, message);
      else options.onCancel?.(outcome.reason, message);
    };

    // The caller detaches the session in flight first, so `history` holds its final state.
    const start = (history: ChatMessage[], input: string) =>
      new Promise<ChatMessage>((resolve) => {
        const request = options;
        const reply = createMessage('assistant', '', 'streaming');
        const own: StreamSession = createStreamSession({
          request: () => buildRequest(request, { messages: history, input }),
          fetch: request.fetch ?? globalThis.fetch,
          protocol: request.protocol ?? 'auto',
          bufferSize: request.bufferSize ?? DEFAULT_BUFFER_SIZE,
          idleTimeoutMs: request.idleTimeoutMs,
          maxLineLength: request.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH,
          scheduler: request.scheduler ?? defaultScheduler,
          onOpen: () => set({ status: 'streaming', stats: own.stats() }),
          onToken: (token) => options.onToken?.(token),
          onFlush(text) {
            const { messages, message } = patchMessage(reply.id, ({ content }) => ({ content: content + text }));
            if (message) set(own === session ? { messages, stats: own.stats() } : { messages });
          },
          onEnd(outcome) {
            const { status } = outcome;
            const { messages, message = { ...reply, status } } = patchMessage(reply.id, () => ({ status }));
            if (own === session) {
              session = undefined;
              const error = outcome.status === 'error' ? outcome.error : undefined;
              set({ messages, status: outcome.status, error, stats: own.stats() });
            } else {
              set({ messages });
            }
            resolve(message);
            report(outcome, message);
          },
        });
        session = own;
        set({ messages: [...history, reply], status: 'connecting', error: undefined, stats: own.stats() });
        void own.run();
      });

    this.setOptions = (next) => {
      options = next;
    };
    this.getSnapshot = () => snapshot;
    this.subscribe = (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    };
    this.send = (text) => {
      detach();
      return start([...snapshot.messages, createMessage('user', text)], text);
    };
    this.retry = async () => {
      detach();
      const { messages } = snapshot;
      const index = messages.findLastIndex((message) => message.role === 'user');
      return index < 0 ? undefined : start(messages.slice(0, index + 1), messages[index]!.content);
    };
    this.cancel = (reason = 'user') => session?.abort(reason);
    this.reset = () => {
      detach();
      set({ messages: [], status: 'idle', error: undefined, stats: emptyStats() });
    };
  }
}

export const createChatController = (options: ChatOptions) => new ChatController(options);
