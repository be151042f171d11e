import type { ToolPart, ToolState } from '../../core/parts/messagePart.js';

// The words of AI SDK Elements' tool badge, which users of that stack already know.
const stateLabels: Record<ToolState, string> = {
  'input-streaming': 'Pending',
  'input-available': 'Running',
  'output-available': 'Completed',
  'output-error': 'Error',
};

/** Strings as they are; anything else as JSON, on one line when it is short, else indented. */
function asText(value: unknown) {
  if (typeof value === 'string') return value;
  const json = JSON.stringify(value);
  return json && json.length > 60 ? JSON.stringify(value, null, 2) : json;
}

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
