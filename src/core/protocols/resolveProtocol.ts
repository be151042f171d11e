import { anthropicProtocol } from './anthropic.js';
import { refuseHtml } from './contentType.js';
import { ndjsonProtocol } from './ndjson.js';
import { openaiProtocol } from './openai.js';
import { sseProtocol } from './sse.js';
import type { ProtocolOption, StreamProtocol } from './streamProtocol.js';
import { textProtocol } from './text.js';

export const protocols = {
  text: textProtocol,
  sse: sseProtocol,
  ndjson: ndjsonProtocol,
  openai: openaiProtocol,
  anthropic: anthropicProtocol,
} as const;

/** `'auto'`: SSE for `text/event-stream`, NDJSON for `application/x-ndjson` or `application/jsonl`, else text. */
export function detectProtocol(contentType: string): StreamProtocol {
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (type === 'text/event-stream') return sseProtocol;
  return /^application\/(x-ndjson|jsonl)$/.test(type) ? ndjsonProtocol : textProtocol;
}

// Plain text asked for by name shows whatever comes; guessed from the Content-Type, it refuses HTML.
const autoText: StreamProtocol = { ...textProtocol, check: refuseHtml };

/** The protocol to read a response with. */
export function resolveProtocol(option: ProtocolOption, contentType: string): StreamProtocol {
  if (typeof option !== 'string') return option;
  if (option !== 'auto') return protocols[option];
  const detected = detectProtocol(contentType);
  return detected === textProtocol ? autoText : detected;
}
