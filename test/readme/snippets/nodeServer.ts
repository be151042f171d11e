import { createServer, type IncomingMessage } from 'node:http';
import { sendEventStream } from 'react-streaming-chat/server';
import { streamAnswer } from './model';

export function createChatServer() {
  return createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/api/chat') {
      res.writeHead(404).end();
      return;
    }
    const { messages } = JSON.parse(await readBody(req));
    // The next token is pulled from the model only when the socket has room for it. When the
    // client leaves, `signal` aborts and the generator's `finally` runs.
    await sendEventStream(res, (signal) => streamAnswer(messages, signal));
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

// createChatServer().listen(3000);
