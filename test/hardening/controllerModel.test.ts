// @vitest-environment node
// Model-based: random sequences of user actions and network events against a small model of
// what the chat must show. The network is a fetch whose answer and body the commands drive;
// frames come only when a command flushes them, so backpressure is part of every run.
import fc from 'fast-check';
import { ChatController, type ChatMessage, type ChatStatus, type MessageStatus } from 'react-streaming-chat/core';
import { manualScheduler } from '../support/streams';

const encoder = new TextEncoder();

interface ModelMessage {
  role: 'user' | 'assistant';
  content: string;
  status: MessageStatus;
}

/** The exchange in flight, as the model sees it. */
interface Exchange {
  reply: ModelMessage;
  phase: 'connecting' | 'open';
  /** Chunks the server sent that the engine has not read. */
  queued: string[];
  /** Tokens read but not yet rendered. */
  buffered: string[];
  closed: boolean;
  errored: boolean;
  bytes: number;
}

interface Model {
  capacity: number;
  messages: ModelMessage[];
  status: ChatStatus;
  errorKind: string | undefined;
  current: Exchange | undefined;
  /** What each send()/retry() must resolve with, in call order (undefined: a retry with nothing to retry). */
  expected: (ModelMessage | undefined)[];
}

interface Request {
  respond(response: Response): void;
  reject(error: unknown): void;
  body?: ReadableStreamDefaultController<Uint8Array>;
}

interface Real {
  chat: ChatController;
  scheduler: ReturnType<typeof manualScheduler>;
  requests: Request[];
  results: { settled: boolean; value?: ChatMessage }[];
}

function createReal(capacity: number): Real {
  const requests: Request[] = [];
  const fetch = ((_url: string, init: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      const signal = init.signal!;
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      requests.push({ respond: resolve, reject });
    })) as typeof globalThis.fetch;
  const scheduler = manualScheduler();
  const chat = new ChatController({ api: '/chat', fetch, protocol: 'text', bufferSize: capacity, scheduler });
  return { chat, scheduler, requests, results: [] };
}

const track = (real: Real, promise: Promise<ChatMessage | undefined>) => {
  const result: Real['results'][number] = { settled: false };
  real.results.push(result);
  void promise.then((value) => Object.assign(result, { settled: true, value }));
};

// --- the model ---------------------------------------------------------------------------

function endCurrent(model: Model, status: MessageStatus, errorKind?: string, setStatus = true) {
  const current = model.current!;
  current.reply.content += current.buffered.join('');
  current.reply.status = status;
  model.current = undefined;
  if (setStatus) {
    model.status = status as ChatStatus;
    model.errorKind = errorKind;
  }
}

function startExchange(model: Model) {
  const reply: ModelMessage = { role: 'assistant', content: '', status: 'streaming' };
  model.messages.push(reply);
  model.status = 'connecting';
  model.errorKind = undefined;
  model.current = { reply, phase: 'connecting', queued: [], buffered: [], closed: false, errored: false, bytes: 0 };
  model.expected.push(reply);
}

/** What the read loop does until it has to wait: read while the buffer has room, then end. */
function pump(model: Model) {
  for (let current = model.current; current?.phase === 'open'; current = model.current) {
    if (current.buffered.length >= model.capacity) return;
    const chunk = current.queued.shift();
    if (chunk !== undefined) {
      current.buffered.push(chunk);
      current.bytes += encoder.encode(chunk).byteLength;
    } else if (current.errored) {
      endCurrent(model, 'error', 'network');
    } else if (current.closed) {
      if (current.bytes) endCurrent(model, 'done');
      else endCurrent(model, 'error', 'protocol');
    } else {
      return;
    }
  }
}

// --- checking -----------------------------------------------------------------------------

const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
};

const shapeOf = (messages: readonly { role: string; content: string; status: string }[]) =>
  messages.map(({ role, content, status }) => ({ role, content, status }));

async function compare(model: Model, real: Real) {
  pump(model);
  await settle();
  const snapshot = real.chat.getSnapshot();
  expect(shapeOf(snapshot.messages)).toEqual(shapeOf(model.messages));
  expect(snapshot.status).toBe(model.status);
  expect(snapshot.error?.kind).toBe(model.errorKind);
  expect(snapshot.isStreaming).toBe(model.status === 'connecting' || model.status === 'streaming');
  // A frame is scheduled exactly while tokens wait to be rendered: none leaks past an end.
  expect(real.scheduler.pending).toBe(model.current?.buffered.length ? 1 : 0);
}

// --- commands -------------------------------------------------------------------------------

type Command = fc.AsyncCommand<Model, Real>;

const command = (
  name: string,
  check: (model: Readonly<Model>) => boolean,
  act: (model: Model, real: Real) => void,
): Command => ({
  check,
  async run(model, real) {
    act(model, real);
    await compare(model, real);
  },
  toString: () => name,
});

/** An exchange whose server can still send something. */
const live = (model: Readonly<Model>) => !!model.current && !model.current.closed && !model.current.errored;
const latest = (real: Real) => real.requests.at(-1)!;

/** The server answers 200 with a body it will write to (if it has not answered yet). */
function respond(model: Model, real: Real) {
  if (model.current!.phase !== 'connecting') return;
  model.current!.phase = 'open';
  model.status = 'streaming';
  const request = latest(real);
  const body = new ReadableStream<Uint8Array>({ start: (controller) => void (request.body = controller) });
  request.respond(new Response(body, { headers: { 'content-type': 'text/plain' } }));
}

const text = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '🎉', ' '), minLength: 1, maxLength: 3 });

const commandList = [
  text.map((input) =>
    command(`send(${JSON.stringify(input)})`, () => true, (model, real) => {
      if (model.current) endCurrent(model, 'cancelled', undefined, false);
      model.messages.push({ role: 'user', content: input, status: 'done' });
      startExchange(model);
      track(real, real.chat.send(input));
    }),
  ),
  fc.constant(
    command('cancel', () => true, (model, real) => {
      if (model.current) endCurrent(model, 'cancelled');
      real.chat.cancel();
    }),
  ),
  fc.constant(
    command('retry', () => true, (model, real) => {
      if (model.current) endCurrent(model, 'cancelled', undefined, false);
      const index = model.messages.findLastIndex((message) => message.role === 'user');
      if (index < 0) model.expected.push(undefined);
      else {
        model.messages = model.messages.slice(0, index + 1);
        startExchange(model);
      }
      track(real, real.chat.retry());
    }),
  ),
  fc.constant(
    command('reset', () => true, (model, real) => {
      if (model.current) endCurrent(model, 'cancelled', undefined, false);
      Object.assign(model, { messages: [], status: 'idle', errorKind: undefined });
      real.chat.reset();
    }),
  ),
  fc.constant(
    command('respond 200', (model) => model.current?.phase === 'connecting', (model, real) => respond(model, real)),
  ),
  fc.constant(
    command('respond 503', (model) => model.current?.phase === 'connecting', (model, real) => {
      endCurrent(model, 'error', 'http');
      latest(real).respond(new Response('busy', { status: 503 }));
    }),
  ),
  // The server's body events; a server that has not answered yet sends its headers first.
  text.map((chunk) =>
    command(`chunk(${JSON.stringify(chunk)})`, live, (model, real) => {
      respond(model, real);
      model.current!.queued.push(chunk);
      latest(real).body!.enqueue(encoder.encode(chunk));
    }),
  ),
  fc.constant(
    command('end of body', live, (model, real) => {
      respond(model, real);
      model.current!.closed = true;
      latest(real).body!.close();
    }),
  ),
  fc.constant(
    command('connection drops', live, (model, real) => {
      const current = model.current!;
      const failure = new TypeError('terminated');
      if (current.phase === 'connecting') {
        endCurrent(model, 'error', 'network');
        latest(real).reject(failure);
      } else {
        // An errored stream discards what was queued and unread.
        Object.assign(current, { errored: true, queued: [] });
        latest(real).body!.error(failure);
      }
    }),
  ),
  fc.constant(
    command('frame', () => true, (model, real) => {
      const current = model.current;
      if (current) {
        current.reply.content += current.buffered.join('');
        current.buffered = [];
      }
      real.scheduler.flush();
    }),
  ),
];

// Weighted by repetition: network events are what most sequences need to reach deep states.
const [send, cancel, retry, reset, respond200, respond503, chunk, endOfBody, drop, frame] = commandList;
const commands = [send, send, cancel, retry, reset, respond200, respond503]
  .concat([chunk, chunk, chunk, chunk, chunk, chunk, chunk, chunk, endOfBody, endOfBody, drop, frame, frame, frame, frame])
  .map((arbitrary) => arbitrary!);

describe('ChatController against a model', () => {
  it('every sequence of actions and network events ends where the model says, and every send settles', async () => {
    const capacities = fc.integer({ min: 1, max: 3 });
    const sequences = fc.commands(commands, { maxCommands: 40, size: 'large' });
    await fc.assert(
      fc.asyncProperty(capacities, sequences, async (capacity, cmds) => {
        const model: Model = { capacity, messages: [], status: 'idle', errorKind: undefined, current: undefined, expected: [] };
        const real = createReal(capacity);
        await fc.asyncModelRun(() => ({ model, real }), cmds);

        // Whatever is still in flight ends with a reset; then every promise has settled, with
        // the message the model ended it with.
        if (model.current) endCurrent(model, 'cancelled', undefined, false);
        real.chat.reset();
        await settle();
        expect(real.results.map(({ settled }) => settled)).toEqual(model.expected.map(() => true));
        expect(real.results.map(({ value }) => value && shapeOf([value])[0])).toEqual(
          model.expected.map((message) => message && shapeOf([message])[0]),
        );
        expect(real.scheduler.pending).toBe(0);
      }),
      { numRuns: 500 },
    );
  });
});
