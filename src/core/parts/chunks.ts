/**
 * What a decoder emits: the chunks of the AI SDK UI message stream (v1), so `aiSdk()` maps one
 * to one and every other wire maps onto the same vocabulary. `foldChunk` turns them into parts.
 */
export type StreamChunk =
  | { type: 'text-start'; id: string }
  | { type: 'text-delta'; id?: string; delta: string }
  | { type: 'text-end'; id: string }
  | { type: 'reasoning-start'; id: string }
  | { type: 'reasoning-delta'; id?: string; delta: string }
  | { type: 'reasoning-end'; id: string }
  | { type: 'tool-input-start'; toolCallId: string; toolName: string }
  | { type: 'tool-input-delta'; toolCallId: string; inputTextDelta: string }
  | { type: 'tool-input-available'; toolCallId: string; toolName: string; input: unknown }
  | { type: 'tool-input-error'; toolCallId: string; toolName?: string; input?: unknown; errorText: string }
  | { type: 'tool-output-available'; toolCallId: string; output: unknown }
  | { type: 'tool-output-error'; toolCallId: string; errorText: string }
  | { type: 'source-url'; sourceId: string; url: string; title?: string }
  | { type: `data-${string}`; id?: string; data: unknown }
  /** The server stopped the stream (a Stop from elsewhere): the reply ends `cancelled`. */
  | { type: 'abort' };

export type StreamChunkType = StreamChunk['type'];
