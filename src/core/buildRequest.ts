import type { ChatOptions, RequestContext } from './types.js';

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
