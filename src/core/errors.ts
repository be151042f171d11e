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
  declare readonly status?: number;
  /** The first KiB of an error response's body. */
  declare readonly body?: string;
  /** Seconds to wait, from a `Retry-After` header. */
  declare readonly retryAfter?: number;

  constructor(kind: StreamErrorKind, message: string, { cause, ...fields }: StreamErrorInit = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.kind = kind;
    // Only the fields that apply, so `'status' in error` says whether there was one.
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) Object.assign(this, { [key]: value });
  }
}

export const isStreamError = (value: unknown): value is StreamError => value instanceof StreamError;
