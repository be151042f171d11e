import { parseFrame, serverError, sseBased } from './sseEvents.js';
import type { StreamProtocol } from './streamProtocol.js';
import { completeToolInput } from './toolInput.js';

interface ResponsesEvent {
  type?: string;
  delta?: unknown;
  item_id?: string;
  summary_index?: number;
  content_index?: number;
  arguments?: unknown;
  item?: { id?: string; type?: string; call_id?: string; name?: string; arguments?: unknown };
  response?: { error?: { message?: string } | null };
  message?: string;
  error?: { message?: string };
}

interface FunctionCall {
  callId: string;
  name: string;
  inputText: string;
}

/**
 * OpenAI Responses API streaming: SSE of typed events, ending at `response.completed` (or
 * `response.incomplete`).
 *
 * - `response.output_text.delta` is text.
 * - `response.reasoning_summary_text.delta` and `response.reasoning_text.delta` are reasoning,
 *   one part per summary (or content) part of each reasoning item.
 * - `response.output_item.added` with a `function_call` item starts a tool call (`call_id`,
 *   `name`); `response.function_call_arguments.delta` (by `item_id`) streams its input and
 *   `.done` completes it.
 * - `response.failed` and `error` are `server` errors with the provider's message.
 */
export const openaiResponses = (): StreamProtocol =>
  sseBased(
    'openaiResponses',
    (sink) => {
      // Function calls by output item id, until they complete.
      const calls = new Map<string, FunctionCall>();
      const complete = (itemId: string | undefined, finalText: unknown) => {
        const call = calls.get(itemId!);
        if (!call) return;
        calls.delete(itemId!);
        // `.done` carries the whole input: stream what the deltas did not, so `inputText` is all of it.
        if (typeof finalText === 'string' && finalText.startsWith(call.inputText) && finalText !== call.inputText) {
          sink.part({ type: 'tool-input-delta', toolCallId: call.callId, inputTextDelta: finalText.slice(call.inputText.length) });
          call.inputText = finalText;
        }
        completeToolInput(sink, call.callId, call.name, call.inputText);
      };
      return ({ event, data }) => {
        // Not a Responses event, but some proxies end with it; never a malformed frame.
        if (data === '[DONE]') return sink.finish();
        const frame: ResponsesEvent | undefined = parseFrame(sink, data);
        if (!frame) return;
        const { delta, item_id: itemId } = frame;
        const type = frame.type ?? event;
        switch (type) {
          case 'response.output_text.delta':
            if (typeof delta === 'string') sink.token(delta);
            break;
          case 'response.reasoning_summary_text.delta':
          case 'response.reasoning_text.delta':
            if (typeof delta === 'string' && delta) {
              const summary = type === 'response.reasoning_summary_text.delta';
              const id = `${itemId}:${summary ? 's' : 't'}${(summary ? frame.summary_index : frame.content_index) ?? 0}`;
              sink.part({ type: 'reasoning-delta', id, delta });
            }
            break;
          case 'response.output_item.added': {
            const { item } = frame;
            if (item?.type !== 'function_call' || item.id === undefined) break;
            const call = { callId: item.call_id ?? item.id, name: item.name ?? '', inputText: '' };
            calls.set(item.id, call);
            sink.part({ type: 'tool-input-start', toolCallId: call.callId, toolName: call.name });
            if (typeof item.arguments === 'string' && item.arguments) {
              call.inputText = item.arguments;
              sink.part({ type: 'tool-input-delta', toolCallId: call.callId, inputTextDelta: item.arguments });
            }
            break;
          }
          case 'response.function_call_arguments.delta': {
            const call = calls.get(itemId!);
            if (call && typeof delta === 'string' && delta) {
              call.inputText += delta;
              sink.part({ type: 'tool-input-delta', toolCallId: call.callId, inputTextDelta: delta });
            }
            break;
          }
          case 'response.function_call_arguments.done':
            complete(itemId, frame.arguments);
            break;
          case 'response.output_item.done':
            // Completes a call whose `.done` event did not come (no-op once it did).
            complete(frame.item?.id, frame.item?.arguments);
            break;
          case 'response.completed':
          case 'response.incomplete':
            for (const id of [...calls.keys()]) complete(id, undefined);
            sink.finish();
            break;
          case 'response.failed':
            sink.fail(serverError(frame.response?.error?.message));
            break;
          case 'error':
            sink.fail(serverError(frame.message ?? frame.error?.message));
        }
      };
    },
    'response.completed',
  );
