import { getResponse, http, type HttpHandler } from 'msw';
import { streamingChatHandler, type StreamingChatHandlerOptions, type WireProtocol } from 'react-streaming-chat/msw';
import type { MockPace } from './playgroundArgs';

/** Everything about the mock reply except its pace, which each request brings (see `chatOptionsOf`). */
export type MockReply = Omit<StreamingChatHandlerOptions, 'path' | 'method' | 'protocol' | 'delayMs' | 'tokensPerChunk'>;

const fallbackPace: MockPace = { protocol: 'sse', delayMs: 25, tokensPerChunk: 1 };

/**
 * A `streamingChatHandler` at `path` that takes its protocol and pace from the request body's
 * `mock` field, so the story's controls reach the server on the next message.
 */
export function mockChatHandler(path: string, reply: MockReply = {}): HttpHandler {
  return http.post(path, async ({ request }) => {
    const pace = await readPace(request);
    return getResponse([streamingChatHandler({ ...reply, ...pace, path })], request);
  });
}

async function readPace(request: Request): Promise<MockPace> {
  try {
    const { mock } = (await request.clone().json()) as { mock?: Partial<MockPace> };
    return { ...fallbackPace, ...mock };
  } catch {
    return fallbackPace;
  }
}

/**
 * A `fetch` that answers from msw handlers inside the page, skipping the service worker. The
 * response body is the handler's own stream and the request keeps its signal, so cancelling the
 * reader or aborting the request reaches the mock server, as a closed connection reaches a real
 * one. (Through the worker it does not: msw 2.9 has no abort channel from the worker, and it
 * tees the mocked body for its logs, so a cancel never gets back to the handler.)
 */
export function inPageFetch(handlers: HttpHandler[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    return (await getResponse(handlers, request)) ?? fetch(request);
  };
}

/** The mock server's Content-Type per protocol, to show next to each panel. */
export const contentTypes: Record<WireProtocol, string> = {
  text: 'text/plain',
  sse: 'text/event-stream',
  ndjson: 'application/x-ndjson',
  openai: 'text/event-stream (OpenAI chunks)',
  'openai-responses': 'text/event-stream (OpenAI Responses events)',
  anthropic: 'text/event-stream (Anthropic events)',
  'ai-sdk': 'text/event-stream (AI SDK UI message stream)',
};
