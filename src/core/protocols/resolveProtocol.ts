import { anthropicProtocol } from './anthropic';
import { refuseHtml } from './contentType';
import { ndjsonProtocol } from './ndjson';
import { openaiProtocol } from './openai';
import { sseProtocol } from './sse';
import type { ProtocolOption, StreamProtocol } from './streamProtocol';
import { textProtocol } from './text';

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
  if (type === 'application/x-ndjson' || type === 'application/jsonl') return ndjsonProtocol;
  return textProtocol;
}

/** The protocol to read a response with, or the error its Content-Type earns. */
export function resolveProtocol(option: ProtocolOption, contentType: string): StreamProtocol {
  if (typeof option !== 'string') return option;
  if (option !== 'auto') return protocols[option];
  const detected = detectProtocol(contentType);
  return detected === textProtocol ? { ...textProtocol, check: (type) => refuseHtml('text', type) } : detected;
}
