/** One piece of a message, in the order its first chunk arrived. */
export type MessagePart = TextPart | ReasoningPart | ToolPart | SourcePart | DataPart;

export interface TextPart {
  type: 'text';
  text: string;
  /** The id its chunks carried, if any: later deltas with this id append here. */
  id?: string;
}

export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  id?: string;
}

export type ToolState = 'input-streaming' | 'input-available' | 'output-available' | 'output-error';

export interface ToolPart {
  type: 'tool';
  toolCallId: string;
  toolName: string;
  state: ToolState;
  /** The input JSON as streamed so far. */
  inputText: string;
  /** Parsed, from `input-available` on. */
  input?: unknown;
  output?: unknown;
  errorText?: string;
}

export interface SourcePart {
  type: 'source';
  url: string;
  title?: string;
  id?: string;
}

export interface DataPart {
  type: 'data';
  /** The chunk type without its `data-` prefix. */
  name: string;
  data: unknown;
  id?: string;
}
