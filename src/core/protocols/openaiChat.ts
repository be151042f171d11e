import { parseFrame, serverError, sseBased } from './sseEvents.js';
import type { StreamProtocol } from './streamProtocol.js';
import { completeToolInput } from './toolInput.js';

interface ChatCompletionChunk {
  choices?: {
    index?: number;
    delta?: {
      content?: unknown;
      reasoning_content?: unknown;
      reasoning?: unknown;
      tool_calls?: { index?: number; id?: unknown; function?: { name?: unknown; arguments?: unknown } }[];
    };
    finish_reason?: string | null;
  }[];
  error?: { message?: string };
}

interface ToolCall {
  id: string;
  name: string;
  inputText: string;
}

/**
 * OpenAI Chat Completions streaming (and the many servers that copy it): SSE of
 * `chat.completion.chunk`s, ending at `data: [DONE]`.
 *
 * - `choices[0].delta.content` is text; `delta.reasoning_content` or `delta.reasoning` is reasoning.
 * - `delta.tool_calls[]`, keyed by `index`, stream tool calls: the first sight of an index
 *   carries `id` and `function.name`, later ones pieces of `function.arguments`. When a chunk
 *   has a `finish_reason`, or at `[DONE]`, each open call's arguments are parsed into its input.
 * - `{ error }` is a `server` error with the provider's message.
 */
export const openaiChat = (): StreamProtocol =>
  sseBased(
    'openaiChat',
    (sink) => {
      // Open tool calls by their `index`; completed ones are removed.
      const calls = new Map<number, ToolCall>();
      const completeAll = () => {
        for (const call of calls.values()) completeToolInput(sink, call.id, call.name, call.inputText);
        calls.clear();
      };
      return ({ data }) => {
        if (data === '[DONE]') {
          completeAll();
          return sink.finish();
        }
        const chunk: ChatCompletionChunk | undefined = parseFrame(sink, data);
        if (chunk?.error) return sink.fail(serverError(chunk.error.message));
        const choice = chunk?.choices?.[0];
        // With `n > 1` the choices take turns at `choices[0]`: only the first one is read.
        if (!choice || (choice.index ?? 0) !== 0) return;
        const delta = choice.delta ?? {};
        const reasoning = delta.reasoning_content ?? delta.reasoning;
        if (typeof reasoning === 'string' && reasoning) sink.part({ type: 'reasoning-delta', delta: reasoning });
        if (typeof delta.content === 'string') sink.token(delta.content);
        for (const piece of delta.tool_calls ?? []) {
          const index = piece.index ?? 0;
          let call = calls.get(index);
          if (!call) {
            const { id, function: { name } = {} } = piece;
            call = { id: typeof id === 'string' ? id : `call_${index}`, name: typeof name === 'string' ? name : '', inputText: '' };
            calls.set(index, call);
            sink.part({ type: 'tool-input-start', toolCallId: call.id, toolName: call.name });
          }
          const text = piece.function?.arguments;
          if (typeof text === 'string' && text) {
            call.inputText += text;
            sink.part({ type: 'tool-input-delta', toolCallId: call.id, inputTextDelta: text });
          }
        }
        if (choice.finish_reason) completeAll();
      };
    },
    'data: [DONE]',
  );
