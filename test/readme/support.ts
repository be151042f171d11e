import { createServer, type IncomingMessage, type Server } from 'node:http';
import { listen } from '../support/loopback';

/** Starts `server` on 127.0.0.1, on a free port. Only ever loopback. */
export const listenOn = (server: Server) => listen(server);

/** A port nobody listens on right now, for a process that must be told its port. */
export async function freePort(): Promise<number> {
  const { url, close } = await listenOn(createServer());
  await close();
  return Number(new URL(url).port);
}

export async function readText(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** A fetch for the engine that calls a fetch-style route handler directly, as Next.js would. */
export const callRoute =
  (route: (req: Request) => Promise<Response>): typeof fetch =>
  async (input, init) =>
    route(new Request(new URL(String(input), 'http://localhost'), init));
