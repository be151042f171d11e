import { useCallback } from 'react';
import type { ChatMessage } from 'react-streaming-chat';

/** Keeps the main thread busy for `ms`, like an expensive render (syntax highlighting, say). */
export function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Spin: the point is to block.
  }
}

/**
 * A `render` prop that costs `costMs` of main-thread time each time a message renders. Stable
 * while the cost stays the same, so finished messages do not render again.
 */
export function useSlowRender(costMs: number): (content: string, message: ChatMessage) => string {
  return useCallback(
    (content: string) => {
      busyWait(costMs);
      return content;
    },
    [costMs],
  );
}
