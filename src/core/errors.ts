/** What went wrong: the HTTP status, the connection, the stream's format, silence, or the model. */
export type StreamErrorKind = 'http' | 'network' | 'protocol' | 'timeout' | 'server';

export interface StreamErrorInit {
  status?: number;
  body?: string;
  retryAfter?: number;
  cause?: unknown;
}

/** The one error type of the kit. The partial content stays in the message; this says why it ended. */
export class StreamError extends Error {
  override name = 'StreamError';
  readonly kind: StreamErrorKind;
  /** The HTTP status, for `http` errors. */
  readonly status?: number;
  /** The first KiB of an error response's body. */
  readonly body?: string;
  /** Seconds to wait, from a `Retry-After` header. */
  readonly retryAfter?: number;

  constructor(kind: StreamErrorKind, message: string, init: StreamErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = kind;
    if (init.status !== undefined) this.status = init.status;
    if (init.body !== undefined) this.body = init.body;
    if (init.retryAfter !== undefined) this.retryAfter = init.retryAfter;
  }
}

export const isStreamError = (value: unknown): value is StreamError => value instanceof StreamError;
