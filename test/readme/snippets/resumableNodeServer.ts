import { createServer, type IncomingMessage } from 'node:http';
import { createResumableStreams, sendResponse } from 'react-streaming-chat/server';
import { streamAnswer } from './model';

// One process: the default memory store. Several: pass `store: redisStreamStore({ client })`.
const streams = createResumableStreams();

export function createResumableChatServer() {
  return createServer(async (req, res) => {
    const id = /^\/api\/chat\/([\w-]+)$/.exec(req.url ?? '')?.[1];
    // Here, as in the Next.js routes: check that the user owns stream `id` before GET and DELETE.
    if (req.method === 'POST' && req.url === '/api/chat') {
      const { messages } = JSON.parse(await readBody(req));
      await sendResponse(res, await streams.start((signal) => streamAnswer(messages, signal)));
    } else if (req.method === 'GET' && id) {
      await sendResponse(res, await streams.resume(id, req.headers['last-event-id'] as string | undefined));
    } else if (req.method === 'DELETE' && id) {
      await sendResponse(res, await streams.stop(id));
    } else {
      res.writeHead(404).end();
    }
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

// createResumableChatServer().listen(3000);
