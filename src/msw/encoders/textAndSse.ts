import type { PartsEncoder } from '../partsEncoder.js';
import { protocolFrames } from '../protocolFrames.js';
import { sseEvent } from '../sseFrames.js';
import { deltaOf } from './deltaOf.js';

/** Plain text: the text deltas, nothing else. */
export function textEncoder(): PartsEncoder {
  return {
    contentType: protocolFrames.text.contentType,
    open: () => '',
    chunk: (chunk) => {
      const delta = deltaOf(chunk);
      return delta?.type === 'text' ? delta.delta : '';
    },
    end: () => '',
  };
}

/** This kit's SSE: a text delta is an unnamed event, a reasoning delta `event: reasoning`; `event: done` ends. */
export function sseEncoder(): PartsEncoder {
  return {
    contentType: protocolFrames.sse.contentType,
    open: () => '',
    chunk: (chunk) => {
      const delta = deltaOf(chunk);
      if (!delta) return '';
      return sseEvent(delta.type === 'reasoning' ? 'reasoning' : undefined, delta.delta);
    },
    end: () => protocolFrames.sse.end,
  };
}
