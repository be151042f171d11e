import { StreamError } from '../errors.js';
import { refuseHtml } from './contentType.js';
import { endOnce, type EndingSink } from './endOnce.js';
import { parseFrame, serverError } from './sseEvents.js';
import type { StreamProtocol } from './streamProtocol.js';
import { completeToolInput } from './toolInput.js';

interface OllamaToolCall {
  id?: unknown;
  function?: { name?: unknown; arguments?: unknown };
}

/**
 * One JSON value per line (NDJSON / JSON Lines), as Ollama's `/api/chat` and `/api/generate`
 * stream and many small servers do.
 *
 * - A string is a text delta. An object's text is the first string among `text`, `content`,
 *   `delta`, `token`, `response` and `message.content`.
 * - Ollama's `message.thinking` (`thinking` from `/api/generate`) is reasoning, and its
 *   `message.tool_calls[].function` (`{ name, arguments }`) are tool calls, complete at once.
 * - `"done": true` finishes. A server that sends `"done"` on its lines (Ollama sends
 *   `"done": false` on every one but the last) is truncated when its body ends without
 *   `"done": true`: a `network` error. For others, the body's end finishes.
 * - An `error` field is a `server` error; a line that is not JSON is a `protocol` error.
 */
export const ndjson = (): StreamProtocol => ({
  name: 'ndjson',
  check: refuseHtml,
  createDecoder(outer, { maxLineLength }) {
    const sink = endOnce(outer);
    const state = { toolCalls: 0, hasDone: false };
    let partial = '';
    const fits = (line: string) => {
      if (line.length <= maxLineLength) return true;
      sink.fail(new StreamError('protocol', `A line is longer than ${maxLineLength} characters`));
      return false;
    };
    return {
      feed(text) {
        if (sink.ended) return;
        // Split only once a line ends, so a long line arriving in many pieces is not rescanned.
        const lines = text.includes('\n') ? (partial + text).split('\n') : [partial + text];
        partial = lines.pop()!;
        for (const line of lines) {
          if (sink.ended || !fits(line)) return;
          handleLine(sink, line, state);
        }
        fits(partial);
      },
      end() {
        // A last line without its newline is read, unless it is cut short (not JSON): then the
        // body was cut, like a stream that stops before `"done": true`.
        if (partial.trim()) {
          if (!isJson(partial)) return sink.fail(new StreamError('network', 'The stream ended inside a line'));
          handleLine(sink, partial, state);
        }
        if (state.hasDone) sink.fail(new StreamError('network', 'The stream ended before "done": true'));
        else sink.finish();
      },
    };
  },
});

function handleLine(sink: EndingSink, line: string, state: { toolCalls: number; hasDone: boolean }): void {
  if (!line.trim()) return;
  // `?? {}`: a line that is not JSON has failed the stream already; other values have no fields.
  const frame = parseFrame(sink, line) ?? {};
  if (typeof frame === 'string') return sink.token(frame);
  const { error, message } = frame;
  if (error != null) return sink.fail(serverError(typeof error === 'string' ? error : (error.message ?? JSON.stringify(error))));
  const thinking = message?.thinking ?? frame.thinking;
  if (typeof thinking === 'string' && thinking) sink.part({ type: 'reasoning-delta', delta: thinking });
  // The first string among the fields servers use (Ollama's `response` and `message.content`).
  const text = [frame.text, frame.content, frame.delta, frame.token, frame.response, message?.content].find(
    (value) => typeof value === 'string',
  );
  if (text) sink.token(text);
  if (Array.isArray(message?.tool_calls)) for (const call of message.tool_calls) toolCall(sink, call, state);
  if (typeof frame.done === 'boolean') state.hasDone = true;
  if (frame.done === true) sink.finish();
}

// Ollama sends each call whole, its arguments an object; a string of JSON is parsed.
function toolCall(sink: EndingSink, call: OllamaToolCall, state: { toolCalls: number }): void {
  const { name, arguments: input } = call.function ?? {};
  const toolCallId = typeof call.id === 'string' && call.id ? call.id : `ndjson-tool-${state.toolCalls}`;
  const toolName = typeof name === 'string' ? name : '';
  state.toolCalls++;
  if (typeof input !== 'string') return sink.part({ type: 'tool-input-available', toolCallId, toolName, input: input ?? {} });
  sink.part({ type: 'tool-input-start', toolCallId, toolName });
  if (input) sink.part({ type: 'tool-input-delta', toolCallId, inputTextDelta: input });
  completeToolInput(sink, toolCallId, toolName, input);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
