import type { ChatOptions, RequestContext, ResumeContext } from './types.js';

/**
 * The request for one exchange. Default: POST `api` with JSON `{ messages: [{ role, content }], ...body }`.
 * `prepareRequest` may change the URL, and its `init` replaces the defaults entirely.
 */
export function buildRequest(options: ChatOptions, context: RequestContext): { url: string; init: RequestInit } {
  const { url = options.api, init } = options.prepareRequest?.(context) ?? {};
  if (init) return { url, init };
  const headers = new Headers(options.headers);
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  const messages = context.messages.map(({ role, content }) => ({ role, content }));
  return { url, init: { method: 'POST', headers, body: JSON.stringify({ messages, ...options.body }) } };
}

/** The GET that continues a resumable stream: `{api}/{streamId}` with `Last-Event-ID`. */
export function buildResumeRequest(options: ChatOptions, context: ResumeContext): { url: string; init: RequestInit } {
  const { url = `${options.api}/${encodeURIComponent(context.streamId)}`, init } = options.prepareResumeRequest?.(context) ?? {};
  if (init) return { url, init };
  const headers = new Headers(options.headers);
  if (context.lastEventId !== undefined) headers.set('last-event-id', context.lastEventId);
  return { url, init: { method: 'GET', headers } };
}

/** The DELETE that stops a resumable stream's producer; `keepalive`, so it outlives the page. */
export function buildStopRequest(options: ChatOptions, context: ResumeContext): { url: string; init: RequestInit } {
  const { url = `${options.api}/${encodeURIComponent(context.streamId)}`, init } = options.prepareStopRequest?.(context) ?? {};
  return { url, init: init ?? { method: 'DELETE', headers: new Headers(options.headers), keepalive: true } };
}
