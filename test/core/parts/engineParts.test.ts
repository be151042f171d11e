// @vitest-environment node
import type { ChatMessage, StreamChunk, StreamProtocol } from 'react-streaming-chat/core';
import { streamThrough } from '../../support/engine';
import { manualScheduler } from '../../support/streams';

// A custom protocol: one JSON chunk per line, a string being a plain text delta.
const jsonLines: StreamProtocol = {
  name: 'json-lines',
  createDecoder(sink) {
    let rest = '';
    return {
      feed(text) {
        const lines = (rest + text).split('\n');
        rest = lines.pop()!;
        for (const line of lines) {
          const value = JSON.parse(line) as string | StreamChunk;
          if (typeof value === 'string') sink.token(value);
          else sink.part(value);
        }
      },
      end: () => sink.finish(),
    };
  },
};
const wire = (...chunks: (string | StreamChunk)[]) => chunks.map((chunk) => `${JSON.stringify(chunk)}\n`);
const last = (messages: ChatMessage[]) => messages[messages.length - 1]!;

describe('parts through the engine', () => {
  it('the reply carries parts in order and content is its text parts', async () => {
    const { done } = streamThrough(
      wire(
        { type: 'reasoning-delta', delta: 'Let me look.' },
        { type: 'tool-input-start', toolCallId: 'c', toolName: 'search' },
        { type: 'tool-input-delta', toolCallId: 'c', inputTextDelta: '{"q":"x"}' },
        { type: 'tool-input-available', toolCallId: 'c', toolName: 'search', input: { q: 'x' } },
        { type: 'tool-output-available', toolCallId: 'c', output: ['r1'] },
        'The answer ',
        'is 42.',
        { type: 'source-url', sourceId: 's', url: 'https://example.com' },
      ),
      { protocol: jsonLines },
    );
    const reply = await done;
    expect(reply.status).toBe('done');
    expect(reply.content).toBe('The answer is 42.');
    expect(reply.parts.map((part) => part.type)).toEqual(['reasoning', 'tool', 'text', 'source']);
    expect(reply.parts[1]).toMatchObject({ state: 'output-available', input: { q: 'x' }, output: ['r1'] });
  });

  it('each chunk counts one toward bufferSize and tokensReceived', async () => {
    const scheduler = manualScheduler();
    const chunks = wire(...Array.from({ length: 10 }, (_, i) => ({ type: 'data-tick', data: i }) as StreamChunk));
    const { chat, source } = streamThrough(chunks, { protocol: jsonLines, bufferSize: 3, scheduler });
    await vi.waitFor(() => expect(source.pulled).toBe(3));
    // Stopped at the budget: the flush finds exactly three chunks, read and waiting.
    scheduler.flush();
    const { stats, messages } = chat.getSnapshot();
    expect(last(messages).parts).toHaveLength(3);
    expect(stats).toMatchObject({ tokensReceived: 3, bufferHighWater: 3, backpressureWaits: 1 });
  });

  it('a flush keeps the identity of the parts it did not change', async () => {
    const scheduler = manualScheduler();
    const { chat, source } = streamThrough(
      (function* () {
        yield* wire({ type: 'reasoning-delta', delta: 'hmm' }, { type: 'tool-input-available', toolCallId: 'c', toolName: 't', input: {} }, 'Hello');
      })(),
      { protocol: jsonLines, scheduler, then: 'hang' },
    );
    await vi.waitFor(() => expect(source.drained).toBe(true));
    scheduler.flush();
    const before = last(chat.getSnapshot().messages).parts;
    // Nothing new arrived: the next flush has nothing to do and changes nothing.
    scheduler.flush();
    expect(last(chat.getSnapshot().messages).parts).toBe(before);
    chat.cancel();
    const after = last(chat.getSnapshot().messages);
    expect(after.status).toBe('cancelled');
    expect(after.parts[0]).toBe(before[0]);
    expect(after.parts[1]).toBe(before[1]);
  });

  it('on an error the parts so far stay', async () => {
    const { done } = streamThrough(wire({ type: 'reasoning-delta', delta: 'thinking' }, 'partial'), { protocol: jsonLines, then: 'error' });
    const reply = await done;
    expect(reply.status).toBe('error');
    expect(reply.parts).toEqual([
      { type: 'reasoning', text: 'thinking' },
      { type: 'text', text: 'partial' },
    ]);
  });

  it('initialMessages without parts get one text part; user messages are one text part', async () => {
    const { chat, done } = streamThrough(wire('ok'), {
      protocol: jsonLines,
      initialMessages: [{ id: 'h', role: 'assistant', content: 'Earlier', status: 'done' }],
    });
    await done;
    const [earlier, user] = chat.getSnapshot().messages;
    expect(earlier!.parts).toEqual([{ type: 'text', text: 'Earlier' }]);
    expect(user!.parts).toEqual([{ type: 'text', text: 'hello' }]);
  });
});
