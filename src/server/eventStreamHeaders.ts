/**
 * The headers an event stream needs. `x-accel-buffering: no` stops nginx from holding frames.
 * `no-store` matters for backpressure: Chromium's fetch reads up to ~64 MiB of a body ahead of
 * the page unless the response is `no-store`, so with `no-cache` alone a stalled page would not
 * pause the server until that much had been sent.
 */
export const EVENT_STREAM_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-store',
  'x-accel-buffering': 'no',
};

/** `defaults`, with `headers` added or overriding (names compared case-insensitively). */
export function mergeHeaders(defaults: Readonly<Record<string, string>>, headers?: HeadersInit): Headers {
  const merged = new Headers(defaults);
  new Headers(headers).forEach((value, name) => merged.set(name, value));
  return merged;
}
