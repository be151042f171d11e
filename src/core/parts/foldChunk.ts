import type { StreamChunk } from './chunks.js';
import type { MessagePart, ToolPart } from './messagePart.js';

/**
 * Folds one chunk into a message's parts: `(parts, chunk) => parts`, no I/O. A part the chunk
 * does not touch is returned as it was, so a memoized part renderer skips it; the array itself
 * is a new one only when something changed. Unknown chunk types leave the parts as they are.
 */
export function foldChunk(parts: readonly MessagePart[], chunk: StreamChunk): MessagePart[] {
  const type = chunk.type;
  switch (type) {
    case 'text-delta':
    case 'reasoning-delta':
      return appendText(parts, type === 'text-delta' ? 'text' : 'reasoning', chunk.delta, chunk.id);
    case 'text-start':
    case 'reasoning-start':
      // Opens an empty part of that id, so it keeps its place even if its first delta comes late.
      return findIndex(parts, (part) => part.type === type.slice(0, -6) && 'id' in part && part.id === chunk.id) < 0
        ? [...parts, { type: type === 'text-start' ? 'text' : 'reasoning', text: '', id: chunk.id }]
        : (parts as MessagePart[]);
    case 'tool-input-start':
      return updateTool(parts, chunk.toolCallId, chunk.toolName, (part) => part);
    case 'tool-input-delta':
      return updateTool(parts, chunk.toolCallId, undefined, (part) => ({
        ...part,
        inputText: part.inputText + chunk.inputTextDelta,
      }));
    case 'tool-input-available':
      return updateTool(parts, chunk.toolCallId, chunk.toolName, (part) => ({
        ...part,
        state: 'input-available',
        input: chunk.input,
        inputText: part.inputText || JSON.stringify(chunk.input) || '',
      }));
    case 'tool-input-error':
    case 'tool-output-error':
      return updateTool(parts, chunk.toolCallId, 'toolName' in chunk ? chunk.toolName : undefined, (part) => ({
        ...part,
        state: 'output-error',
        errorText: chunk.errorText,
      }));
    case 'tool-output-available':
      return updateTool(parts, chunk.toolCallId, undefined, (part) => ({
        ...part,
        state: 'output-available',
        output: chunk.output,
      }));
    case 'source-url': {
      const source: MessagePart = { type: 'source', url: chunk.url, id: chunk.sourceId };
      if (chunk.title !== undefined) source.title = chunk.title;
      return [...parts, source];
    }
    default:
      if (type.startsWith('data-') && 'data' in chunk) return foldData(parts, type.slice(5), chunk);
      // text-end, reasoning-end and anything a newer server sends: nothing to show.
      return parts as MessagePart[];
  }
}

/**
 * Folds chunks in order. A string is a text delta without an id (the hot path: a run of them is
 * joined and folded once, so a flush of 10,000 tokens builds one new part, not 10,000).
 */
export function foldChunks(parts: readonly MessagePart[], chunks: Iterable<StreamChunk | string>): MessagePart[] {
  let next = parts as MessagePart[];
  let text = '';
  for (const chunk of chunks) {
    if (typeof chunk === 'string') {
      text += chunk;
      continue;
    }
    if (text) next = appendText(next, 'text', text, undefined);
    text = '';
    next = foldChunk(next, chunk);
  }
  return text ? appendText(next, 'text', text, undefined) : next;
}

/** The concatenation of the text parts (not reasoning): a message's `content`. */
export const textOf = (parts: readonly MessagePart[]): string => {
  let text = '';
  for (const part of parts) if (part.type === 'text') text += part.text;
  return text;
};

function findIndex(parts: readonly MessagePart[], test: (part: MessagePart) => boolean): number {
  for (let index = parts.length - 1; index >= 0; index--) if (test(parts[index]!)) return index;
  return -1;
}

const replaceAt = (parts: readonly MessagePart[], index: number, part: MessagePart): MessagePart[] => {
  const next = parts.slice();
  next[index] = part;
  return next;
};

// With an id, to the part of that id; without, to the last part if it is of the same type.
function appendText(parts: readonly MessagePart[], type: 'text' | 'reasoning', delta: string, id: string | undefined): MessagePart[] {
  if (!delta) return parts as MessagePart[];
  const index =
    id === undefined
      ? parts.length && parts[parts.length - 1]!.type === type ? parts.length - 1 : -1
      : findIndex(parts, (part) => part.type === type && part.id === id);
  if (index < 0) return [...parts, id === undefined ? { type, text: delta } : { type, text: delta, id }];
  const part = parts[index] as { type: typeof type; text: string; id?: string };
  return replaceAt(parts, index, { ...part, text: part.text + delta });
}

// A tool chunk updates the part of its toolCallId, and creates it when it is the first one seen
// (a wire that sends `tool-input-available` without a start, say).
function updateTool(
  parts: readonly MessagePart[],
  toolCallId: string,
  toolName: string | undefined,
  change: (part: ToolPart) => ToolPart,
): MessagePart[] {
  const index = findIndex(parts, (part) => part.type === 'tool' && part.toolCallId === toolCallId);
  if (index < 0) {
    const fresh: ToolPart = { type: 'tool', toolCallId, toolName: toolName ?? '', state: 'input-streaming', inputText: '' };
    return [...parts, change(fresh)];
  }
  const part = parts[index] as ToolPart;
  const next = change(toolName && !part.toolName ? { ...part, toolName } : part);
  return sameFields(next, part) ? (parts as MessagePart[]) : replaceAt(parts, index, next);
}

function foldData(parts: readonly MessagePart[], name: string, chunk: { id?: string; data: unknown }): MessagePart[] {
  const part: MessagePart = chunk.id === undefined ? { type: 'data', name, data: chunk.data } : { type: 'data', name, data: chunk.data, id: chunk.id };
  const index = chunk.id === undefined ? -1 : findIndex(parts, (p) => p.type === 'data' && p.name === name && p.id === chunk.id);
  if (index < 0) return [...parts, part];
  return sameFields(part, parts[index]!) ? (parts as MessagePart[]) : replaceAt(parts, index, part);
}

// A chunk that repeats what a part already says (an empty delta, the same data again) keeps it.
function sameFields(a: object, b: object): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.is(a[key as never], b[key as never]));
}
