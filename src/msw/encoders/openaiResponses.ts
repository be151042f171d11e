import type { PartsEncoder } from '../partsEncoder.js';
import { protocolFrames } from '../protocolFrames.js';
import { responsesResponse, typedEvent } from '../sseFrames.js';
import { blockEncoder } from './blocks.js';

interface OpenItem {
  outputIndex: number;
  item: Record<string, unknown> & { id: string };
  text: string;
}

/**
 * The OpenAI Responses API stream: `response.created` and `response.in_progress`; per output
 * item `response.output_item.added`, its deltas and `.done` events, `response.output_item.done`
 * (a `message` with `output_text.delta`s, a `reasoning` item with
 * `reasoning_summary_text.delta`s, a `function_call` with `function_call_arguments.delta`s);
 * `response.completed` with every item. No `sequence_number`.
 */
export function openaiResponsesEncoder(): PartsEncoder {
  const done: unknown[] = [];
  const tools = new Map<string, OpenItem>();
  let text: OpenItem | undefined;
  let items = 0;

  const add = (item: OpenItem['item']): OpenItem => ({ outputIndex: items++, item, text: '' });
  const ids = (open: OpenItem) => ({ item_id: open.item.id, output_index: open.outputIndex });
  const finish = (open: OpenItem, item: Record<string, unknown>): string => {
    done.push(item);
    return typedEvent({ type: 'response.output_item.done', output_index: open.outputIndex, item });
  };

  const blocks = blockEncoder({
    openText(type) {
      const item = type === 'text'
        ? { id: `msg_mock_${items}`, type: 'message', status: 'in_progress', content: [], role: 'assistant' }
        : { id: `rs_mock_${items}`, type: 'reasoning', summary: [] };
      text = add(item);
      const part = type === 'text'
        ? typedEvent({ type: 'response.content_part.added', ...ids(text), content_index: 0, part: { type: 'output_text', annotations: [], text: '' } })
        : typedEvent({ type: 'response.reasoning_summary_part.added', ...ids(text), summary_index: 0, part: { type: 'summary_text', text: '' } });
      return typedEvent({ type: 'response.output_item.added', output_index: text.outputIndex, item }) + part;
    },
    textDelta(type, delta) {
      text!.text += delta;
      return type === 'text'
        ? typedEvent({ type: 'response.output_text.delta', ...ids(text!), content_index: 0, delta })
        : typedEvent({ type: 'response.reasoning_summary_text.delta', ...ids(text!), summary_index: 0, delta });
    },
    closeText(type) {
      const open = text!;
      text = undefined;
      if (type === 'text') {
        const part = { type: 'output_text', annotations: [], text: open.text };
        return (
          typedEvent({ type: 'response.output_text.done', ...ids(open), content_index: 0, text: open.text }) +
          typedEvent({ type: 'response.content_part.done', ...ids(open), content_index: 0, part }) +
          finish(open, { ...open.item, status: 'completed', content: [part] })
        );
      }
      const part = { type: 'summary_text', text: open.text };
      return (
        typedEvent({ type: 'response.reasoning_summary_text.done', ...ids(open), summary_index: 0, text: open.text }) +
        typedEvent({ type: 'response.reasoning_summary_part.done', ...ids(open), summary_index: 0, part }) +
        finish(open, { ...open.item, summary: [part] })
      );
    },
    openTool(toolCallId, toolName) {
      const open = add({ id: `fc_mock_${items}`, type: 'function_call', status: 'in_progress', arguments: '', call_id: toolCallId, name: toolName });
      tools.set(toolCallId, open);
      return typedEvent({ type: 'response.output_item.added', output_index: open.outputIndex, item: open.item });
    },
    toolDelta(toolCallId, delta) {
      const open = tools.get(toolCallId)!;
      open.text += delta;
      return typedEvent({ type: 'response.function_call_arguments.delta', ...ids(open), delta });
    },
    closeTool(toolCallId) {
      const open = tools.get(toolCallId)!;
      tools.delete(toolCallId);
      return (
        typedEvent({ type: 'response.function_call_arguments.done', ...ids(open), arguments: open.text }) +
        finish(open, { ...open.item, status: 'completed', arguments: open.text })
      );
    },
  });

  return {
    contentType: protocolFrames['openai-responses'].contentType,
    open: () =>
      typedEvent({ type: 'response.created', response: responsesResponse('in_progress', []) }) +
      typedEvent({ type: 'response.in_progress', response: responsesResponse('in_progress', []) }),
    chunk: blocks.chunk,
    end: () => blocks.close() + typedEvent({ type: 'response.completed', response: responsesResponse('completed', done) }),
  };
}
