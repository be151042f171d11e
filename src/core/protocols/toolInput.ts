import type { DecoderSink } from './streamProtocol.js';

/** The `errorText` of a tool part whose input did not parse (its `inputText` shows why). */
export const TOOL_INPUT_NOT_JSON = 'The tool input is not valid JSON';

/**
 * Ends a tool call whose input streamed as JSON text: `tool-input-available` with the parsed
 * input, or `tool-input-error` when the text does not parse (the part keeps its `inputText`).
 * An empty input is `{}`: a tool without parameters (Anthropic streams no delta for it).
 */
export function completeToolInput(sink: DecoderSink, toolCallId: string, toolName: string, inputText: string): void {
  let input: unknown;
  try {
    input = inputText.trim() ? JSON.parse(inputText) : {};
  } catch {
    return sink.part({ type: 'tool-input-error', toolCallId, toolName, errorText: TOOL_INPUT_NOT_JSON });
  }
  sink.part({ type: 'tool-input-available', toolCallId, toolName, input });
}
