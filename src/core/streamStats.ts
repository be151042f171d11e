import type { StreamStats } from './types.js';

export const emptyStats = (): StreamStats => ({
  bytesReceived: 0,
  tokensReceived: 0,
  chunks: 0,
  flushes: 0,
  bufferedTokens: 0,
  bufferHighWater: 0,
  renderBudget: 0,
  backpressureWaits: 0,
  backpressureMs: 0,
  timeToFirstByteMs: undefined,
  timeToFirstTokenMs: undefined,
  charsRendered: 0,
  tokensPerSecond: 0,
  elapsedMs: 0,
  reconnects: 0,
});
