import { openaiChat } from 'react-streaming-chat/core';
import { decode } from '../../fixtures/transcripts/decode';
import { openaiChatTranscripts } from '../../fixtures/transcripts/openaiChat';
import { sse } from '../../fixtures/transcripts/transcript';
import { checkTranscripts } from './checkTranscripts';

const chunk = (delta: object, extra: object = {}) => sse({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null, ...extra }] });

describe('openaiChat()', () => {
  checkTranscripts(openaiChat, openaiChatTranscripts);

  it('completes a call whose arguments came whole on first sight, at [DONE] when no finish_reason came', () => {
    const { parts, end } = decode(
      openaiChat(),
      chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'now', arguments: '{"tz":"UTC"}' } }] }) + sse('[DONE]'),
    );
    expect(end).toEqual({ status: 'done' });
    expect(parts).toEqual([{ type: 'tool', toolCallId: 'call_1', toolName: 'now', state: 'input-available', inputText: '{"tz":"UTC"}', input: { tz: 'UTC' } }]);
  });

  it('names a call without an id by its index', () => {
    const { parts } = decode(openaiChat(), chunk({ tool_calls: [{ index: 2, function: { name: 'f', arguments: '{}' } }] }, { finish_reason: 'tool_calls' }) + sse('[DONE]'));
    expect(parts).toMatchObject([{ type: 'tool', toolCallId: 'call_2', toolName: 'f', state: 'input-available', input: {} }]);
  });

  it('reads only the first choice when the server streams several (n > 1)', () => {
    const { parts } = decode(
      openaiChat(),
      chunk({ content: 'first' }) + sse({ choices: [{ index: 1, delta: { content: 'second' } }] }) + chunk({ content: '!' }) + sse('[DONE]'),
    );
    expect(parts).toEqual([{ type: 'text', text: 'first!' }]);
  });

  it('ignores chunks without choices (usage, prompt filter results)', () => {
    const { parts, end } = decode(
      openaiChat(),
      sse({ choices: [], prompt_filter_results: [] }) + chunk({ content: 'hi' }) + sse({ choices: [], usage: { total_tokens: 9 } }) + sse('[DONE]'),
    );
    expect(end).toEqual({ status: 'done' });
    expect(parts).toEqual([{ type: 'text', text: 'hi' }]);
  });
});
