import { anthropic } from 'react-streaming-chat/core';
import { anthropicTranscripts } from '../../fixtures/transcripts/anthropic';
import { decode } from '../../fixtures/transcripts/decode';
import { sse } from '../../fixtures/transcripts/transcript';
import { checkTranscripts } from './checkTranscripts';

describe('anthropic()', () => {
  checkTranscripts(anthropic, anthropicTranscripts);
});

describe('anthropic() ignores what it does not show', () => {
  it('skips redacted thinking, signature and citation deltas, and unknown events', () => {
    const event = (data: { type: string } & Record<string, unknown>) => sse(data, data.type);
    const { parts, end } = decode(
      anthropic(),
      [
        event({ type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3p' } }),
        event({ type: 'content_block_stop', index: 0 }),
        event({ type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }),
        event({ type: 'content_block_delta', index: 1, delta: { type: 'citations_delta', citation: { type: 'char_location', cited_text: 'x' } } }),
        event({ type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Cited.' } }),
        event({ type: 'a_future_event', payload: 1 }),
        event({ type: 'content_block_stop', index: 1 }),
        event({ type: 'message_stop' }),
      ].join(''),
    );
    expect(end).toEqual({ status: 'done' });
    expect(parts).toEqual([{ type: 'text', text: 'Cited.' }]);
  });
});
