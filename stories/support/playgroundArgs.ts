import type { ArgTypes } from '@storybook/react-vite';
import { wireProtocols, type WireProtocol } from 'react-streaming-chat/msw';
import { clientProtocol } from '../../test/support/clientProtocol';

/** The controls every story has: how fast the mock model talks, and how the client reads it. */
export interface PlaygroundArgs {
  /** Tokens the mock server sends per second; 0 sends them as fast as the reader pulls. */
  tokensPerSecond: number;
  /** The client's `bufferSize`: tokens received but not yet rendered before reading pauses. */
  bufferSize: number;
  /** The wire format the mock server speaks and the client decodes. */
  protocol: WireProtocol;
}

export const playgroundArgs: PlaygroundArgs = { tokensPerSecond: 40, bufferSize: 100, protocol: 'sse' };

export const playgroundArgTypes: Partial<ArgTypes<PlaygroundArgs>> = {
  tokensPerSecond: {
    name: 'Token rate (tokens/s)',
    description: 'How fast the mock model sends tokens. 0: as fast as the client reads.',
    control: { type: 'range', min: 0, max: 2000, step: 5 },
  },
  bufferSize: {
    name: 'bufferSize',
    description: 'Tokens the client holds unrendered before it stops reading (the backpressure bound).',
    control: { type: 'range', min: 1, max: 500, step: 1 },
  },
  protocol: {
    name: 'Protocol',
    description: 'The wire format, on both sides.',
    control: { type: 'inline-radio' },
    options: [...wireProtocols],
  },
};

/** What the mock server reads from the request to pace its reply. */
export interface MockPace {
  protocol: WireProtocol;
  delayMs: number;
  tokensPerChunk: number;
}

// Timers below ~10 ms are unreliable, so fast rates send several tokens per chunk instead.
const MAX_CHUNKS_PER_SECOND = 100;

/** The server's pace for a token rate. `tokensPerChunk` applies when the rate is 0 (unthrottled). */
export function paceOf({ tokensPerSecond, protocol }: PlaygroundArgs, tokensPerChunk = 1): MockPace {
  if (tokensPerSecond <= 0) return { protocol, delayMs: 0, tokensPerChunk };
  const chunksPerSecond = Math.min(tokensPerSecond, MAX_CHUNKS_PER_SECOND);
  return {
    protocol,
    delayMs: 1000 / chunksPerSecond,
    tokensPerChunk: Math.max(1, Math.round(tokensPerSecond / chunksPerSecond)),
  };
}

/**
 * The chat options that follow the controls. The pace travels in the request body (`mock`), so
 * a control takes effect on the next message without reloading the story's msw handlers.
 */
export const chatOptionsOf = (args: PlaygroundArgs, tokensPerChunk?: number) => ({
  // The client reads the mock's wire with the matching protocol factory (`ndjson()`, ...).
  protocol: clientProtocol(args.protocol),
  bufferSize: args.bufferSize,
  body: { mock: paceOf(args, tokensPerChunk) },
});
