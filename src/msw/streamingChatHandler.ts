import { http, HttpResponse, type HttpHandler } from 'msw';
import { partsEncoder, type MockReplyChunk, type PartsEncoder } from './partsEncoder.js';
import { protocolFrames, tokenize, type ProtocolFrames, type WireProtocol } from './protocolFrames.js';

/** A chat message as it arrives in the request body. */
export interface MockChatMessage {
  role: string;
  content: string;
}

/** What `reply` and `tokens` functions are given. */
export interface MockChatContext {
  /** From the JSON body's `messages`; for a request without one, `?prompt=` as a single user message. */
  messages: MockChatMessage[];
  request: Request;
}

/** A source of tokens: a list, or a (possibly async, possibly endless) iterable pulled one token at a time. */
export type MockTokenSource = Iterable<string> | AsyncIterable<string>;

/** A scripted reply: a list of chunks (strings are text deltas), or an iterable pulled one chunk at a time. */
export type MockReplySource = Iterable<MockReplyChunk> | AsyncIterable<MockReplyChunk>;

/** What goes wrong, if anything. Token positions count from 0 (with `parts`, they count chunks). */
export type MockStreamFault =
  /** An HTTP error response instead of a stream. `body` defaults to `Error <status>` as text/plain. */
  | { status: number; body?: string; headers?: Record<string, string> }
  /** Sends `dropAfter` tokens, then the connection drops: the body errors with `TypeError('network')`. */
  | { dropAfter: number }
  /** The frame of token `malformedAt` is replaced by the protocol's malformed frame; the rest follows. */
  | { malformedAt: number }
  /** Sends `stallAfter` tokens, then nothing more: the body never ends unless the request is aborted. */
  | { stallAfter: number }
  /** Sends `errorAt` tokens, then the protocol's in-band error frame, then ends the body. */
  | { errorAt: number; message?: string };

export interface StreamingChatHandlerOptions {
  /** The msw path pattern, e.g. `'/api/chat'` or `'*\/chat'`. */
  path: string;
  /** Which requests match. Default `'POST'`. */
  method?: 'GET' | 'POST' | 'ALL';
  /**
   * The reply text, split into tokens with `tokenize` (word by word, whitespace kept).
   * Default: `You said: <the last user message>`.
   */
  reply?: string | ((context: MockChatContext) => string | Promise<string>);
  /** The exact tokens to send; takes precedence over `reply`. Iterables are pulled lazily, token by token. */
  tokens?: MockTokenSource | ((context: MockChatContext) => MockTokenSource | Promise<MockTokenSource>);
  /**
   * A structured reply, so tests and stories show reasoning, tool calls and sources without a
   * model: chunks of the AI SDK UI message stream vocabulary (strings are text deltas), written
   * in `protocol`'s own shape by `partsEncoder` (what a wire cannot carry is skipped; see
   * `partsEncoder`). Takes precedence over `tokens` and `reply`. Iterables are pulled lazily;
   * `tokensPerChunk`, `delayMs` and the faults count chunks.
   *
   * @example
   * parts: [
   *   { type: 'reasoning-delta', delta: 'The user wants the weather.' },
   *   { type: 'tool-input-start', toolCallId: 'call_1', toolName: 'weather' },
   *   { type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: '{"city":"Oslo"}' },
   *   { type: 'tool-input-available', toolCallId: 'call_1', toolName: 'weather', input: { city: 'Oslo' } },
   *   { type: 'tool-output-available', toolCallId: 'call_1', output: { sky: 'clear' } },
   *   'It is ', 'sunny.',
   * ]
   */
  parts?: MockReplySource | ((context: MockChatContext) => MockReplySource | Promise<MockReplySource>);
  /** The wire format. Default `'sse'`. */
  protocol?: WireProtocol;
  /**
   * Milliseconds to wait before each chunk of tokens after the first. Default `0`: the next chunk is
   * produced as soon as the reader asks for it, without a timer (each chunk is still its own read).
   */
  delayMs?: number;
  /** How many tokens' frames go into one chunk (one `reader.read()`). Default `1`. */
  tokensPerChunk?: number;
  /**
   * A failure to simulate (`errorAt` and `malformedAt` throw for `text`, which has no such frames).
   * A fault placed at or past the last token happens after the last token,
   * in place of the terminal frame (`malformedAt` there: the malformed frame, then the terminal frame).
   */
  fault?: MockStreamFault;
}

const bytes = new TextEncoder();

/**
 * An msw handler that streams a chat reply like a real LLM endpoint, for tests and Storybook:
 * text (`reply`, `tokens`) or a structured reply (`parts`: reasoning, tool calls, sources, data)
 * in any of the wire protocols the kit reads.
 *
 * The body is pull-based: a chunk is produced only when the reader asks for the next one, so
 * a slow reader slows the producer. When the request's signal aborts, production stops, timers
 * are cleared and the body errors with the abort reason (as a real fetch body does); when the
 * body is cancelled, production stops too. Either way an iterable `tokens` or `parts` source is closed
 * (`return()`), so a generator's `finally` runs. (A generator object serves one request; pass a
 * function returning one to serve many.)
 *
 * Under `msw/node` the response the client gets is a clone (a tee) of this body: cancelling the
 * client's reader does not reach the handler, and `reader.cancel()`'s promise stays pending until
 * the request is aborted. Abort the fetch (as a real client does) to stop the stream.
 *
 * @example
 * setupServer(streamingChatHandler({ path: '/api/chat', reply: 'Hello there!', protocol: 'openai' }))
 * @example
 * // Reasoning and a tool call without a model, as Anthropic streams them:
 * streamingChatHandler({
 *   path: '/api/chat',
 *   protocol: 'anthropic',
 *   parts: [
 *     { type: 'reasoning-delta', delta: 'The user wants the weather.' },
 *     { type: 'tool-input-available', toolCallId: 'toolu_1', toolName: 'weather', input: { city: 'Oslo' } },
 *     'It is sunny in Oslo.',
 *   ],
 * })
 */
export function streamingChatHandler(options: StreamingChatHandlerOptions): HttpHandler {
  const protocol = options.protocol ?? 'sse';
  const frames: ProtocolFrames = protocolFrames[protocol];
  const fault = options.fault;
  if (fault && (('errorAt' in fault && !frames.error) || ('malformedAt' in fault && frames.malformed === null))) {
    throw new TypeError(`streamingChatHandler: the '${protocol}' protocol has no in-band error or malformed frame`);
  }
  const method = options.method ?? 'POST';
  const route = method === 'GET' ? http.get : method === 'ALL' ? http.all : http.post;

  return route(options.path, async ({ request }) => {
    if (fault && 'status' in fault) {
      return new HttpResponse(fault.body ?? `Error ${fault.status}`, {
        status: fault.status,
        headers: { 'content-type': 'text/plain; charset=utf-8', ...fault.headers },
      });
    }
    const context: MockChatContext = { messages: await readMessages(request), request };
    const encoder = options.parts === undefined ? tokenEncoder(frames) : partsEncoder(protocol);
    const source = options.parts === undefined ? await resolveTokens(options, context) : await resolveParts(options.parts, context);
    const headers: Record<string, string> = { 'content-type': encoder.contentType, 'cache-control': 'no-cache, no-store' };
    if (protocol === 'ai-sdk') headers['x-vercel-ai-ui-message-stream'] = 'v1';
    return new HttpResponse(replyStream(source, encoder, frames, options, request.signal), { headers });
  });
}

/** The body's `messages` when it is JSON with an array of them, else `?prompt=` as one user message. */
async function readMessages(request: Request): Promise<MockChatMessage[]> {
  const text = await request.clone().text();
  if (text) {
    try {
      const body: unknown = JSON.parse(text);
      if (body && typeof body === 'object' && 'messages' in body && Array.isArray(body.messages)) {
        return body.messages as MockChatMessage[];
      }
    } catch {
      // Not JSON: fall through to the query string.
    }
  }
  const prompt = new URL(request.url).searchParams.get('prompt');
  return prompt === null ? [] : [{ role: 'user', content: prompt }];
}

async function resolveTokens(options: StreamingChatHandlerOptions, context: MockChatContext): Promise<MockTokenSource> {
  if (options.tokens !== undefined) {
    const tokens = typeof options.tokens === 'function' ? await options.tokens(context) : options.tokens;
    // A bare string is iterable by characters; treat it as one token instead.
    return typeof tokens === 'string' ? [tokens] : tokens;
  }
  const reply = typeof options.reply === 'function' ? await options.reply(context) : options.reply;
  return tokenize(reply ?? defaultReply(context.messages));
}

async function resolveParts(
  parts: NonNullable<StreamingChatHandlerOptions['parts']>,
  context: MockChatContext,
): Promise<MockReplySource> {
  return typeof parts === 'function' ? await parts(context) : parts;
}

/** The token frames as an encoder: the `tokens` and `reply` path, byte for byte what `encodeStream` writes. */
function tokenEncoder(frames: ProtocolFrames): PartsEncoder {
  return {
    contentType: frames.contentType,
    open: () => frames.open,
    chunk: (token) => frames.token(token as string),
    end: () => frames.end,
  };
}

function defaultReply(messages: MockChatMessage[]): string {
  const lastUser = messages.filter((message) => message.role === 'user').at(-1);
  return lastUser ? `You said: ${lastUser.content}` : 'Hello! Send a message and I will echo it.';
}

function iteratorOf<T>(source: Iterable<T> | AsyncIterable<T>): Iterator<T> | AsyncIterator<T> {
  return Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
}

type StreamFaultKind = 'dropAfter' | 'malformedAt' | 'stallAfter' | 'errorAt';

/** The stream fault's kind and position, if the fault is one that happens mid-stream. */
function streamFault(
  fault: MockStreamFault | undefined,
): { kind: StreamFaultKind; at: number; message?: string } | undefined {
  if (!fault || 'status' in fault) return undefined;
  if ('dropAfter' in fault) return { kind: 'dropAfter', at: fault.dropAfter };
  if ('malformedAt' in fault) return { kind: 'malformedAt', at: fault.malformedAt };
  if ('stallAfter' in fault) return { kind: 'stallAfter', at: fault.stallAfter };
  return { kind: 'errorAt', at: fault.errorAt, message: fault.message };
}

/**
 * The pull-based body: the opening frames, then `tokensPerChunk` items' frames per pull, then
 * the ending. `encoder` writes the items; `frames` has the protocol's error and malformed frames.
 */
function replyStream(
  source: MockTokenSource | MockReplySource,
  encoder: PartsEncoder,
  frames: ProtocolFrames,
  options: StreamingChatHandlerOptions,
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  const delayMs = options.delayMs ?? 0;
  const perChunk = Math.max(1, options.tokensPerChunk ?? 1);
  const fault = streamFault(options.fault);
  const iterator = iteratorOf(source);

  let opened = false;
  let tokensLeft = true; // false once the source is exhausted or the fault stops the tokens
  let exhausted = false; // the source said it is done
  let faultPending = fault !== undefined;
  let sent = 0; // token slots sent (a malformed frame takes its token's slot)
  let stopped = false; // aborted, cancelled or finished: produce nothing more
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | undefined;
  let onAbort: (() => void) | undefined;

  /** Resolves after `ms` (never, for `Infinity`) or as soon as the stream stops. */
  const waitFor = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      if (ms !== Infinity) timer = setTimeout(resolve, ms);
    });

  /** Stops production for good: clears the timer, releases a pending wait, closes the source. */
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    wake?.();
    if (onAbort) signal.removeEventListener('abort', onAbort);
    if (!exhausted) void Promise.resolve(iterator.return?.()).catch(() => {});
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      onAbort = () => {
        stop();
        try {
          controller.error(signal.reason); // what a real fetch body does when its request aborts
        } catch {
          // Already closed or errored.
        }
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    },

    async pull(controller) {
      if (stopped) return;
      if (!opened) {
        opened = true;
        const open = encoder.open();
        if (open) return controller.enqueue(bytes.encode(open));
      }

      if (tokensLeft) {
        if (sent > 0 && delayMs > 0) {
          await waitFor(delayMs);
          if (stopped) return;
        }
        let chunk = '';
        // Up to `perChunk` tokens; more if their frames are empty (an empty text token), so a pull never comes back empty-handed.
        for (let inChunk = 0; tokensLeft && (inChunk < perChunk || !chunk); inChunk++) {
          const faultHere = fault !== undefined && faultPending && sent >= fault.at;
          if (faultHere && fault.kind !== 'malformedAt') {
            tokensLeft = false;
            break;
          }
          const next = await iterator.next();
          if (stopped) return;
          if (next.done) {
            exhausted = true;
            tokensLeft = false;
            break;
          }
          if (faultHere) faultPending = false;
          chunk += faultHere ? frames.malformed : encoder.chunk(next.value);
          sent += 1;
        }
        if (chunk) return controller.enqueue(bytes.encode(chunk));
      }
      // The tokens are over (source exhausted, or the fault strikes now): the ending.

      let ending: string;
      if (fault && faultPending) {
        switch (fault.kind) {
          case 'dropAfter':
            stop();
            return controller.error(new TypeError('network'));
          case 'stallAfter':
            return waitFor(Infinity);
          case 'errorAt':
            ending = frames.error?.(fault.message) ?? '';
            break;
          case 'malformedAt': // past the last token: the malformed frame, then the normal ending
            ending = (frames.malformed ?? '') + encoder.end();
        }
      } else {
        ending = encoder.end();
      }
      stop();
      if (ending) controller.enqueue(bytes.encode(ending));
      controller.close();
    },

    cancel() {
      stop();
    },
  },
  // No read-ahead of our own: a chunk is produced only when a read is waiting for it. (msw/node
  // clones the response, a tee that queues a chunk per branch; a drop must not discard that.)
  { highWaterMark: 0 });
}
