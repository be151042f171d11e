import type { StreamChunk } from '../core/parts/chunks.js';
import { aiSdkEncoder } from './encoders/aiSdk.js';
import { anthropicEncoder } from './encoders/anthropic.js';
import { ndjsonEncoder } from './encoders/ndjson.js';
import { openaiChatEncoder } from './encoders/openaiChat.js';
import { openaiResponsesEncoder } from './encoders/openaiResponses.js';
import { sseEncoder, textEncoder } from './encoders/textAndSse.js';
import type { WireProtocol } from './protocolFrames.js';

/**
 * One step of a scripted reply: a string is a text delta; anything else is a chunk of the AI
 * SDK UI message stream vocabulary (reasoning, tool calls and results, sources, data), the
 * chunks the client's decoders emit.
 */
export type MockReplyChunk = string | StreamChunk;

/**
 * Writes a scripted reply in one wire protocol. Stateful (it knows which block is open, which
 * tool calls it has seen): make one per response with `partsEncoder(protocol)`.
 */
export interface PartsEncoder {
  /** The response's `Content-Type`. */
  readonly contentType: string;
  /** The frames before the first chunk (`''` when the protocol has none). */
  open(): string;
  /** One chunk's frames; `''` when the wire cannot carry it (see each protocol's notes). */
  chunk(chunk: MockReplyChunk): string;
  /** The frames that end a complete reply: what is still open is closed, then the terminal frame. */
  end(): string;
}

/**
 * A fresh encoder for one reply. What each wire carries (what it cannot carry is skipped):
 *
 * | protocol | text | reasoning | tool input | tool output / errors | sources | data |
 * | --- | --- | --- | --- | --- | --- | --- |
 * | `text` | yes | no | no | no | no | no |
 * | `sse` | yes | `event: reasoning` | no | no | no | no |
 * | `ndjson` (Ollama `/api/chat`) | `message.content` | `message.thinking` | `message.tool_calls`, whole, at `tool-input-available` | no | no | no |
 * | `openai` (chat completions) | `delta.content` | `delta.reasoning_content` | `delta.tool_calls`, streamed | no | no | no |
 * | `openai-responses` | `output_text.delta` | `reasoning_summary_text.delta` | `function_call_arguments.delta` / `.done` | no | no | no |
 * | `anthropic` | `text_delta` | `thinking_delta` | `tool_use` + `input_json_delta` | no | no | no |
 * | `ai-sdk` | everything, as `uiMessageStream` writes it | | | | | |
 *
 * Provider wires do not carry tool results (the app sends them back in its next request) nor a
 * `tool-input-error` (the client finds invalid input itself). A tool whose input was not
 * streamed gets it in one piece at `tool-input-available`.
 */
export function partsEncoder(protocol: WireProtocol): PartsEncoder {
  switch (protocol) {
    case 'text':
      return textEncoder();
    case 'sse':
      return sseEncoder();
    case 'ndjson':
      return ndjsonEncoder();
    case 'openai':
      return openaiChatEncoder();
    case 'openai-responses':
      return openaiResponsesEncoder();
    case 'anthropic':
      return anthropicEncoder();
    case 'ai-sdk':
      return aiSdkEncoder();
  }
}

/** A whole successful reply in one protocol: the opening frames, every chunk's frames, the ending. */
export function encodeParts(protocol: WireProtocol, chunks: Iterable<MockReplyChunk>): string {
  const encoder = partsEncoder(protocol);
  let wire = encoder.open();
  for (const chunk of chunks) wire += encoder.chunk(chunk);
  return wire + encoder.end();
}
