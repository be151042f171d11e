import { buildRequest } from './buildRequest';
import { createFrameScheduler } from './frameScheduler';
import { StreamSession, type SessionOutcome } from './streamSession';
import { emptyStats } from './streamStats';
import type { AbortReason, ChatMessage, ChatOptions, ChatSnapshot, ChatStatus, MessageStatus } from './types';

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

const lastIndexOf = (messages: ChatMessage[], id: string) => messages.findLastIndex((message) => message.id === id);

/**
 * The chat's state outside any framework: messages, status, error and stats, one
 * `StreamSession` (one AbortController) per request. Subscribe to it; `getSnapshot` returns the
 * same object until something changes, and only the streaming message gets a new identity.
 * Methods are bound, so they can be passed around and keep their identity.
 */
export class ChatController {
  #options: ChatOptions;
  #snapshot: ChatSnapshot;
  #session: StreamSession | undefined;
  readonly #listeners = new Set<() => void>();

  constructor(options: ChatOptions) {
    this.#options = options;
    this.#snapshot = {
      messages: options.initialMessages ?? [],
      status: 'idle',
      error: undefined,
      stats: emptyStats(),
      isStreaming: false,
    };
  }

  /** Options are read when each request starts, and callbacks when they fire: the latest win. */
  setOptions = (options: ChatOptions): void => {
    this.#options = options;
  };

  getSnapshot = (): ChatSnapshot => this.#snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /**
   * Appends a user message and an assistant message, and streams the answer into it. A stream
   * already running is aborted as `superseded`. Settles when this exchange ends; never rejects.
   */
  send = (text: string): Promise<ChatMessage> => {
    this.#detach()?.abort('superseded');
    return this.#start([...this.#snapshot.messages, createMessage('user', text)], text);
  };

  /** Runs the last user message again, replacing everything after it. */
  retry = async (): Promise<ChatMessage | undefined> => {
    this.#detach()?.abort('superseded');
    const messages = this.#snapshot.messages;
    const index = messages.findLastIndex((message) => message.role === 'user');
    if (index < 0) return undefined;
    return this.#start(messages.slice(0, index + 1), messages[index]!.content);
  };

  /** Aborts the request in flight. Cancelling is not an error: the status becomes `cancelled`. */
  cancel = (reason: AbortReason = 'user'): void => {
    this.#session?.abort(reason);
  };

  /** Aborts any request and returns to `idle` with no messages. */
  reset = (): void => {
    this.#detach()?.abort('superseded');
    this.#set({ messages: [], status: 'idle', error: undefined, stats: emptyStats() });
  };

  // The caller aborts the session in flight first, so `history` already holds its final state.
  #start(history: ChatMessage[], input: string): Promise<ChatMessage> {
    const options = this.#options;
    const reply = createMessage('assistant', '', 'streaming');
    return new Promise((resolve) => {
      const session: StreamSession = new StreamSession({
        request: () => buildRequest(options, { messages: history, input }),
        fetch: options.fetch ?? globalThis.fetch,
        protocol: options.protocol ?? 'auto',
        bufferSize: options.bufferSize ?? DEFAULT_BUFFER_SIZE,
        idleTimeoutMs: options.idleTimeoutMs,
        maxLineLength: options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH,
        scheduler: options.scheduler ?? defaultScheduler,
        onOpen: () => this.#set({ status: 'streaming', stats: session.stats() }),
        onToken: (token) => this.#options.onToken?.(token),
        onFlush: (text) => this.#append(session, reply.id, text),
        onEnd: (outcome) => {
          const message = this.#finish(session, reply, outcome);
          resolve(message);
          this.#report(outcome, message);
        },
      });
      this.#session = session;
      this.#set({ messages: [...history, reply], status: 'connecting', error: undefined, stats: session.stats() });
      void session.run();
    });
  }

  /** Forgets the current session, so its end no longer sets the chat's status. */
  #detach(): StreamSession | undefined {
    const session = this.#session;
    this.#session = undefined;
    return session;
  }

  #append(session: StreamSession, id: string, text: string): void {
    const messages = this.#snapshot.messages.slice();
    const index = lastIndexOf(messages, id);
    if (index < 0) return;
    const message = messages[index]!;
    messages[index] = { ...message, content: message.content + text };
    this.#set(session === this.#session ? { messages, stats: session.stats() } : { messages });
  }

  #finish(session: StreamSession, reply: ChatMessage, outcome: SessionOutcome): ChatMessage {
    const messages = this.#snapshot.messages.slice();
    const index = lastIndexOf(messages, reply.id);
    const message = { ...(messages[index] ?? reply), status: outcome.status };
    if (index >= 0) messages[index] = message;
    if (session !== this.#session) {
      if (index >= 0) this.#set({ messages });
      return message;
    }
    this.#session = undefined;
    const status: ChatStatus = outcome.status;
    const error = outcome.status === 'error' ? outcome.error : undefined;
    this.#set({ messages, status, error, stats: session.stats() });
    return message;
  }

  #report(outcome: SessionOutcome, message: ChatMessage): void {
    const options = this.#options;
    if (outcome.status === 'done') options.onFinish?.(message);
    else if (outcome.status === 'error') options.onError?.(outcome.error, message);
    else options.onCancel?.(outcome.reason, message);
  }

  #set(patch: Partial<ChatSnapshot>): void {
    const next = { ...this.#snapshot, ...patch };
    next.isStreaming = next.status === 'connecting' || next.status === 'streaming';
    this.#snapshot = next;
    for (const listener of this.#listeners) listener();
  }
}

export const createChatController = (options: ChatOptions) => new ChatController(options);
