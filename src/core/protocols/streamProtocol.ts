import type { StreamError } from '../errors.js';
import type { StreamChunk } from '../parts/chunks.js';

/** What a decoder reports while it reads one response. */
export interface DecoderSink {
  /** A piece of the answer's text (a `text-delta` without an id). Empty ones are ignored. */
  token(text: string): void;
  /** Any chunk: reasoning, tool calls, sources, data, or text with an id. */
  part(chunk: StreamChunk): void;
  /** The protocol's terminal event arrived; nothing after it is read. */
  finish(): void;
  /** The stream is malformed or reported an error in-band. */
  fail(error: StreamError): void;
  /** An SSE event's `id` (after its chunks): a reconnect asks for what came after it. */
  eventId?(id: string): void;
  /** The server's SSE `retry:`, in milliseconds: how long to wait before a reconnect. */
  retry?(ms: number): void;
}

/** Decodes one response's text, fed in arbitrary pieces. */
export interface StreamDecoder {
  feed(text: string): void;
  /** The body ended. A protocol with a terminal event fails here when it never came. */
  end(): void;
}

export interface DecoderOptions {
  /** The longest line accepted, in characters. */
  maxLineLength: number;
}

/** A wire format: how text becomes tokens. Implement it for a custom server. */
export interface StreamProtocol {
  readonly name: string;
  /**
   * Checks the response's Content-Type before the body is read, and returns an error when it
   * contradicts the protocol (an HTML error page served as 200, say).
   */
  check?(contentType: string): StreamError | undefined;
  createDecoder(sink: DecoderSink, options: DecoderOptions): StreamDecoder;
}

/** The protocols built in by name; every other wire is a factory (`ndjson()`, `openaiChat()`, ...). */
export type ProtocolName = 'auto' | 'text' | 'sse';
export type ProtocolOption = ProtocolName | StreamProtocol;
