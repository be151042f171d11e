import { StreamError } from '../errors.js';
import { refuseHtml } from './contentType.js';
import { sseProtocol } from './sse.js';
import type { ProtocolOption, StreamProtocol } from './streamProtocol.js';
import { textProtocol } from './text.js';

// Plain text asked for by name shows whatever comes; guessed from the Content-Type, it refuses HTML.
const autoText: StreamProtocol = { ...textProtocol, check: refuseHtml };

// NDJSON is a factory (so it is in the bundle only when imported): `'auto'` refuses it by name.
const unreadNdjson: StreamProtocol = {
  ...textProtocol,
  name: 'ndjson',
  check: (contentType) =>
    new StreamError('protocol', `The response is NDJSON (${contentType}): pass \`protocol: ndjson()\` to read it`),
};

/**
 * `'auto'`: SSE for `text/event-stream`, else text. An NDJSON
 * Content-Type (`application/x-ndjson`, `application/jsonl`) gets a protocol whose `check`
 * is a `protocol` error saying to pass `protocol: ndjson()`.
 */
export function detectProtocol(contentType: string): StreamProtocol {
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (type === 'text/event-stream') return sseProtocol;
  return /^application\/(x-ndjson|jsonl)$/.test(type) ? unreadNdjson : textProtocol;
}

/** The protocol to read a response with: the one given, or a built-in one by name. */
export function resolveProtocol(option: ProtocolOption, contentType: string): StreamProtocol {
  if (typeof option !== 'string') return option;
  if (option !== 'auto') return option === 'sse' ? sseProtocol : textProtocol;
  const detected = detectProtocol(contentType);
  return detected === textProtocol ? autoText : detected;
}
