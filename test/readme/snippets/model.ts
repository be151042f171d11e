import { setTimeout as sleep } from 'node:timers/promises';

export interface Message {
  role: string;
  content: string;
}

/**
 * A stand-in for your model: it spells the last user message back, a word every 20 ms.
 * Yours calls an LLM and passes `signal` on, so that a client leaving stops the call too.
 */
export async function* streamAnswer(messages: Message[], signal: AbortSignal): AsyncGenerator<string> {
  const prompt = messages.findLast((message) => message.role === 'user')?.content ?? '';
  for (const word of prompt.split(/(?<= )/)) {
    await sleep(20, undefined, { signal });
    yield word;
  }
}
