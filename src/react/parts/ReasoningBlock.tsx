import type { ReasoningPart } from '../../core/parts/messagePart.js';

/**
 * Reasoning in a `<details className="rsc-reasoning">` whose summary says "Reasoning". It is open
 * while `streaming` (the model is still thinking) and closes when the answer moves on; the user's
 * own toggle is kept in between. `data-state` is `streaming` or `done`.
 */
export function ReasoningBlock({ part, streaming = false }: { part: ReasoningPart; streaming?: boolean }) {
  return (
    <details className="rsc-reasoning" open={streaming} data-state={streaming ? 'streaming' : 'done'}>
      <summary>Reasoning</summary>
      <div>{part.text}</div>
    </details>
  );
}
