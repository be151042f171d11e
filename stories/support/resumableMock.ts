import { http, type HttpHandler } from 'msw';
import { createResumableStreams, memoryStreamStore } from 'react-streaming-chat/server';

/** A request the mock server answered, for the story's log. */
export interface MockRequest {
  method: string;
  path: string;
  lastEventId: string | null;
  status: number;
}

export interface ResumableMockOptions {
  /** The chat's `api`: POST `path` starts, GET `path/:id` resumes, DELETE `path/:id` stops. */
  path: string;
  /** The reply's tokens for the user's last message. */
  tokens(prompt: string): Iterable<string>;
  /** Between tokens, in ms. Default 40. */
  delayMs?: number;
  /** Sent as SSE `retry:` (the client's reconnect delay). Default: not sent (the client backs off). */
  retryMs?: number;
}

export interface ResumableMock {
  handlers: HttpHandler[];
  /** Errors every response body in flight, as a dropped connection would. Returns how many. */
  cut(): number;
  /** What the server was asked, oldest first. */
  readonly requests: readonly MockRequest[];
  /** Tokens the model produced, and whether it was stopped, per stream. */
  readonly models: ReadonlyMap<string, { produced: number; stopped: boolean; finished: boolean }>;
  subscribe(listener: () => void): () => void;
  /** Changes (a new object) whenever a request or a model changes. */
  getSnapshot(): { requests: readonly MockRequest[]; version: number };
}

// Resolves after `ms`, or at once when `signal` aborts; leaves no listener behind either way.
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * A resumable chat server inside msw handlers: `createResumableStreams` with the memory store
 * (Web APIs only, so it runs in the page), plus a switch that cuts every response in flight.
 * The model runs detached from the responses, as on a real server: a cut does not stop it.
 */
export function resumableMock({ path, tokens, delayMs = 40, retryMs }: ResumableMockOptions): ResumableMock {
  const streams = createResumableStreams({ store: memoryStreamStore(), retryMs, heartbeatMs: 0 });
  const live = new Set<() => void>();
  const requests: MockRequest[] = [];
  const models = new Map<string, { produced: number; stopped: boolean; finished: boolean }>();
  const listeners = new Set<() => void>();
  let snapshot = { requests: requests as readonly MockRequest[], version: 0 };
  const changed = () => {
    snapshot = { requests: [...requests], version: snapshot.version + 1 };
    for (const listener of listeners) listener();
  };
  const record = (request: Request, status: number) => {
    requests.push({
      method: request.method,
      path: new URL(request.url).pathname,
      lastEventId: request.headers.get('last-event-id'),
      status,
    });
    changed();
  };

  // The response's body, passed through one read at a time, that `cut` can error mid-stream.
  const cuttable = (response: Response): Response => {
    if (!response.body) return response;
    const reader = response.body.getReader();
    let cut = () => {};
    const body = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          cut = () => {
            live.delete(cut);
            controller.error(new TypeError('The connection was cut'));
            // The log reader detaches; the model goes on.
            reader.cancel().catch(() => {});
          };
          live.add(cut);
        },
        async pull(controller) {
          try {
            const { done, value } = await reader.read();
            if (done) {
              live.delete(cut);
              controller.close();
            } else controller.enqueue(value);
          } catch (error) {
            live.delete(cut);
            controller.error(error);
          }
        },
        cancel(reason) {
          live.delete(cut);
          return reader.cancel(reason);
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { status: response.status, headers: response.headers });
  };

  const handlers = [
    http.post(path, async ({ request }) => {
      const { messages } = (await request.json()) as { messages: { content: string }[] };
      const prompt = messages.at(-1)?.content ?? '';
      const model = { produced: 0, stopped: false, finished: false };
      const response = await streams.start(async function* (signal) {
        try {
          for (const token of tokens(prompt)) {
            await sleep(delayMs, signal);
            if (signal.aborted) return;
            model.produced++;
            changed();
            yield token;
          }
        } finally {
          model.stopped = signal.aborted;
          model.finished = true;
          changed();
        }
      });
      models.set(response.headers.get('x-stream-id')!, model);
      record(request, response.status);
      return cuttable(response);
    }),
    http.get(`${path}/:id`, async ({ request, params }) => {
      const response = await streams.resume(String(params.id), request.headers.get('last-event-id'));
      record(request, response.status);
      return cuttable(response);
    }),
    http.delete(`${path}/:id`, async ({ request, params }) => {
      const response = await streams.stop(String(params.id));
      record(request, response.status);
      return response;
    }),
  ];

  return {
    handlers,
    cut() {
      const cuts = [...live];
      for (const cut of cuts) cut();
      return cuts.length;
    },
    requests,
    models,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
  };
}
