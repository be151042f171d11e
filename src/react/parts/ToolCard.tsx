import type { ToolPart, ToolState } from '../../core/parts/messagePart.js';

const stateLabels: Record<ToolState, string> = {
  'input-streaming': 'Preparing',
  'input-available': 'Running',
  'output-available': 'Done',
  'output-error': 'Failed',
};

/** Strings as they are; anything else as indented JSON. */
const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/**
 * A tool call as a card (`.rsc-tool`, `data-state={part.state}`): a header with the tool's name
 * (`<b>`) and its state (`<small>`), then its input (the JSON as it streams, then the parsed
 * value) and its output or error text, in a `<dl>`.
 */
export function ToolCard({ part }: { part: ToolPart }) {
  const { state, input, errorText } = part;
  return (
    <div className="rsc-tool" data-state={state}>
      <div>
        <b>{part.toolName}</b>
        <small>{stateLabels[state]}</small>
      </div>
      <dl>
        <dt>Input</dt>
        <dd>{input === undefined ? part.inputText : asText(input)}</dd>
        {state === 'output-available' && (
          <>
            <dt>Output</dt>
            <dd>{asText(part.output)}</dd>
          </>
        )}
        {errorText !== undefined && (
          <>
            <dt>Error</dt>
            <dd>{errorText}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
