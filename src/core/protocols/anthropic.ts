import { parseFrame, serverError, sseBased } from './sseEvents.js';
import type { DecoderSink, StreamProtocol } from './streamProtocol.js';
import { completeToolInput } from './toolInput.js';

interface ContentBlock {
  type?: string;
  text?: unknown;
  thinking?: unknown;
  id?: string;
  name?: string;
  tool_use_id?: string;
  content?: unknown;
}

interface MessagesEvent {
  type?: string;
  index?: number;
  content_block?: ContentBlock;
  delta?: { type?: string; text?: unknown; thinking?: unknown; partial_json?: unknown };
  error?: { type?: string; message?: string };
}

interface ToolBlock {
  id: string;
  name: string;
  inputText: string;
}

// The result of a tool the server ran (web search, code execution): an `..._error` content is its error.
function toolResult(sink: DecoderSink, toolCallId: string, content: unknown): void {
  const { type, error_code: code } = (content ?? {}) as { type?: unknown; error_code?: unknown };
  if (typeof type === 'string' && type.endsWith('_error')) sink.part({ type: 'tool-output-error', toolCallId, errorText: String(code ?? type) });
  else sink.part({ type: 'tool-output-available', toolCallId, output: content });
}

const isToolUse = (type: string | undefined) => type === 'tool_use' || type === 'server_tool_use' || type === 'mcp_tool_use';

/**
 * Anthropic Messages API streaming: SSE of typed events, ending at `message_stop`.
 *
 * - `content_block_start` opens a block: `text`, `thinking` (reasoning, one part per block) or
 *   `tool_use` with `id` and `name` (also the server's own `server_tool_use`).
 * - `content_block_delta` carries `text_delta`, `thinking_delta` or `input_json_delta`
 *   (`partial_json`, the tool's input); `content_block_stop` completes a tool block, whose
 *   empty input is `{}`.
 * - A server tool's result block (`web_search_tool_result`, ...) is that tool's output.
 * - `event: error` is a `server` error (`overloaded_error: Overloaded`). Other events (`ping`,
 *   `message_delta`, ...) and delta types (`signature_delta`, ...) are ignored.
 */
export const anthropic = (): StreamProtocol =>
  sseBased(
    'anthropic',
    (sink) => {
      // Open tool blocks by their index.
      const tools = new Map<number, ToolBlock>();
      return ({ data }) => {
        const frame: MessagesEvent | undefined = parseFrame(sink, data);
        const index = frame?.index ?? 0;
        switch (frame?.type) {
          case 'content_block_start': {
            const block = frame.content_block ?? {};
            if (isToolUse(block.type)) {
              const tool = { id: block.id ?? `toolu_${index}`, name: block.name ?? '', inputText: '' };
              tools.set(index, tool);
              sink.part({ type: 'tool-input-start', toolCallId: tool.id, toolName: tool.name });
            } else if (block.type === 'text' && typeof block.text === 'string') sink.token(block.text);
            else if (block.type === 'thinking' && typeof block.thinking === 'string' && block.thinking)
              sink.part({ type: 'reasoning-delta', id: `thinking-${index}`, delta: block.thinking });
            else if (block.type?.endsWith('_tool_result') && block.tool_use_id) toolResult(sink, block.tool_use_id, block.content);
            break;
          }
          case 'content_block_delta': {
            const delta = frame.delta ?? {};
            if (delta.type === 'text_delta' && typeof delta.text === 'string') sink.token(delta.text);
            else if (delta.type === 'thinking_delta' && typeof delta.thinking === 'string' && delta.thinking)
              sink.part({ type: 'reasoning-delta', id: `thinking-${index}`, delta: delta.thinking });
            else if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string' && delta.partial_json) {
              const tool = tools.get(index);
              if (!tool) break;
              tool.inputText += delta.partial_json;
              sink.part({ type: 'tool-input-delta', toolCallId: tool.id, inputTextDelta: delta.partial_json });
            }
            break;
          }
          case 'content_block_stop': {
            const tool = tools.get(index);
            if (!tool) break;
            tools.delete(index);
            completeToolInput(sink, tool.id, tool.name, tool.inputText);
            break;
          }
          case 'message_stop':
            sink.finish();
            break;
          case 'error': {
            const { type = 'error', message = 'no message' } = frame.error ?? {};
            sink.fail(serverError(`${type}: ${message}`));
          }
        }
      };
    },
    'message_stop',
  );
