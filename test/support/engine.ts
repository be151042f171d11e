import { ChatController, type ChatOptions, type FrameScheduler } from 'react-streaming-chat/core';
import { chunkSource, fakeFetch, immediateScheduler } from './streams';

export interface StreamThroughOptions extends Partial<ChatOptions> {
  contentType?: string;
  status?: number;
  headers?: Record<string, string>;
  then?: 'close' | 'error' | 'hang';
  scheduler?: FrameScheduler;
}

/** Streams `chunks` as one response body through the whole engine and returns the controller. */
export function streamThrough(
  chunks: Iterable<Uint8Array | string>,
  { contentType = 'text/plain', status = 200, headers = {}, then = 'close', ...options }: StreamThroughOptions = {},
) {
  const source = chunkSource(chunks, then);
  const { fetch, calls } = fakeFetch(
    () => new Response(source.stream, { status, headers: { 'content-type': contentType, ...headers } }),
  );
  const chat = new ChatController({ api: '/chat', fetch, scheduler: immediateScheduler, ...options });
  const done = chat.send('hello');
  return { chat, done, source, calls };
}
