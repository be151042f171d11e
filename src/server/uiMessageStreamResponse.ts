import { EVENT_STREAM_HEADERS, mergeHeaders } from './eventStreamHeaders.js';
import type { UIMessageSource, UIMessageStreamOptions } from './types.js';
import { UI_MESSAGE_STREAM_HEADERS } from './uiMessageFrames.js';
import { uiMessageStream } from './uiMessageStream.js';

/** A `ResponseInit` plus `uiMessageStream`'s options. */
export interface UIMessageStreamResponseInit extends ResponseInit, UIMessageStreamOptions {}

/** The event-stream headers plus `x-vercel-ai-ui-message-stream: v1`. */
export const UI_MESSAGE_STREAM_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  ...EVENT_STREAM_HEADERS,
  ...UI_MESSAGE_STREAM_HEADERS,
};

/**
 * A `Response` whose body is `uiMessageStream(source, init)`: what `useChat` from the AI SDK,
 * and this kit with `protocol: aiSdk()`, read. Status defaults to 200; headers default to the
 * event-stream ones (`content-type: text/event-stream; charset=utf-8`, `cache-control: no-cache,
 * no-store`, `x-accel-buffering: no`) plus `x-vercel-ai-ui-message-stream: v1`, and
 * `init.headers` adds to or overrides them.
 *
 * @example
 * export const POST = (req: Request) =>
 *   uiMessageStreamResponse((signal) => reply(req, signal), { signal: req.signal });
 */
export function uiMessageStreamResponse(source: UIMessageSource, init: UIMessageStreamResponseInit = {}): Response {
  const { signal, heartbeatMs, errorMessage, headers, ...responseInit } = init;
  const body = uiMessageStream(source, { signal, heartbeatMs, errorMessage });
  return new Response(body, {
    status: 200,
    ...responseInit,
    headers: mergeHeaders(UI_MESSAGE_STREAM_RESPONSE_HEADERS, headers),
  });
}
