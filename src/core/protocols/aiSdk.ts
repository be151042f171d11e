import { StreamError } from '../errors.js';
import type { StreamChunk } from '../parts/chunks.js';
import { parseFrame, serverError, sseBased } from './sseEvents.js';
import type { StreamProtocol } from './streamProtocol.js';

// The string fields each chunk we fold must have; anything else passes as the server sent it.
// A Map, not an object: a chunk type such as `constructor` must not find a prototype's member.
const required = new Map<string, readonly string[]>([
  ['text-start', ['id']],
  ['text-delta', ['delta']],
  ['text-end', ['id']],
  ['reasoning-start', ['id']],
  ['reasoning-delta', ['delta']],
  ['reasoning-end', ['id']],
  ['tool-input-start', ['toolCallId', 'toolName']],
  ['tool-input-delta', ['toolCallId', 'inputTextDelta']],
  ['tool-input-available', ['toolCallId', 'toolName']],
  ['tool-input-error', ['toolCallId', 'errorText']],
  ['tool-output-available', ['toolCallId']],
  ['tool-output-error', ['toolCallId', 'errorText']],
  ['source-url', ['sourceId', 'url']],
  // The stream was stopped (a resumable stream's Stop): the reply ends `cancelled`.
  ['abort', []],
]);

/**
 * The AI SDK UI message stream (v1), as `createUIMessageStreamResponse` and `toUIMessageStreamResponse`
 * write it: SSE whose `data` is one JSON chunk, ending with `data: [DONE]`. The chunks are the
 * kit's own vocabulary, so they pass one to one.
 *
 * - `error` (`errorText`) is a `server` error.
 * - `start`, `start-step`, `finish-step`, `finish`, `message-metadata`, transient data chunks
 *   (meant for a callback, not the message) and types this kit does not know are ignored.
 */
export const aiSdk = (): StreamProtocol =>
  sseBased(
    'aiSdk',
    (sink) => {
      // Text ids seen, and the one whose part is known to be the message's last part: its deltas
      // take the token path, which appends to the last part and so folds to the same parts.
      const texts = new Set<string>();
      let lastText: string | undefined;
      return ({ data }) => {
        if (data === '[DONE]') return sink.finish();
        const chunk = parseFrame(sink, data);
        const type: unknown = chunk?.type;
        if (typeof type !== 'string') return;
        if (type === 'error') return sink.fail(serverError(chunk.errorText));
        const fields = required.get(type);
        if (!fields && !(type.startsWith('data-') && !chunk.transient)) return;
        for (const field of fields ?? [])
          if (typeof chunk[field] !== 'string')
            return sink.fail(new StreamError('protocol', `Malformed ${type} chunk: ${data.slice(0, 200)}`));

        if (type === 'text-delta' || type === 'text-start') {
          if (type === 'text-delta' && !chunk.delta) return;
          if (type === 'text-delta' && chunk.id === lastText) return sink.token(chunk.delta);
          // A new id starts a part at the end; a known one appends where its part is.
          if (chunk.id !== undefined && !texts.has(chunk.id)) {
            texts.add(chunk.id);
            lastText = chunk.id;
          }
        } else if (type !== 'text-end') lastText = undefined;
        sink.part(chunk as StreamChunk);
      };
    },
    'data: [DONE]',
  );
