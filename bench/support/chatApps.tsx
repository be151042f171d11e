import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport, type UIMessage } from 'ai';
import { memo, Profiler, useEffect, useLayoutEffect, useState, type ProfilerOnRenderCallback } from 'react';
import { useStreamingChat } from 'react-streaming-chat';
import type { FrameScheduler } from 'react-streaming-chat/core';
import { countingFetch } from './countingFetch';
import { installDom } from './dom';
import { makeTokens, TOKEN_CHARS } from './tokens';
import { wireSizes, type Wire } from './wire';

/** The chat hooks compared. */
export type Contender = 'ours' | 'naive' | 'ai-sdk' | 'ai-sdk-throttle-50';

export const contenderLabels: Record<Contender, string> = {
  ours: 'ours (`useStreamingChat`)',
  naive: 'naive `setState` per token',
  'ai-sdk': '`@ai-sdk/react` `useChat`',
  'ai-sdk-throttle-50': '`useChat` `experimental_throttle: 50`',
};

export const wireOf = (contender: Contender): Wire => (contender.startsWith('ai-sdk') ? 'ui' : 'sse');

/** What one run measures, fed by the message component, the Profiler and the body wrapper. */
class Probe {
  commits = 0;
  renders = 0;
  shownChars = 0;
  bytesPulled = 0;
  chunks = 0;
  maxChunkBytes = 0;
  maxReadAheadBytes = 0;
  completeAt: number | undefined;
  #complete!: () => void;
  readonly complete = new Promise<void>((resolve) => (this.#complete = resolve));

  constructor(
    readonly expectedChars: number,
    readonly renderCostMs: number,
    readonly wire: { openBytes: number; tokenBytes: number },
    readonly tokenChars: number,
  ) {}

  /** Bytes of the wire that carried what is on screen. */
  #shownBytes(): number {
    return this.wire.openBytes + (this.shownChars / this.tokenChars) * this.wire.tokenBytes;
  }

  pulled = (bytes: number): void => {
    this.bytesPulled += bytes;
    this.chunks++;
    if (bytes > this.maxChunkBytes) this.maxChunkBytes = bytes;
    const ahead = this.bytesPulled - this.#shownBytes();
    if (ahead > this.maxReadAheadBytes) this.maxReadAheadBytes = ahead;
  };

  shown(chars: number): void {
    this.shownChars = chars;
    if (chars >= this.expectedChars && this.completeAt === undefined) {
      this.completeAt = performance.now();
      this.#complete();
    }
  }

  onRender: ProfilerOnRenderCallback = (_id, phase) => {
    if (phase !== 'mount') this.commits++;
  };
}

let probe: Probe;

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/** The component that shows the reply: the same for every contender. */
function MessageView({ content }: { content: string }) {
  probe.renders++;
  busyWait(probe.renderCostMs);
  useLayoutEffect(() => probe.shown(content.length), [content]);
  return <div className="message">{content}</div>;
}

/** The subtree rendering the message, profiled; it renders again only when the text changes. */
const MessagePane = memo(function MessagePane({ content }: { content: string }) {
  return (
    <Profiler id="message" onRender={probe.onRender}>
      <MessageView content={content} />
    </Profiler>
  );
});

interface AppProps {
  url: string;
  fetch: typeof fetch;
  onReady(start: () => Promise<unknown>): void;
  bufferSize?: number;
  scheduler?: FrameScheduler;
}

/** The budget ours ended at (`stats.renderBudget`), and the largest it showed, read at each render. */
let lastRenderBudget = Number.NaN;
let maxRenderBudget = Number.NaN;

function OursApp({ url, fetch, onReady, bufferSize, scheduler }: AppProps) {
  const chat = useStreamingChat({ api: url, fetch, bufferSize, scheduler });
  useEffect(() => onReady(() => chat.send('Hello')), []);
  lastRenderBudget = chat.stats.renderBudget;
  if (!(lastRenderBudget <= maxRenderBudget)) maxRenderBudget = lastRenderBudget;
  return <MessagePane content={chat.messages[1]?.content ?? ''} />;
}

/** A scheduler whose callbacks wait until `open()` (no frame, no timer): a stalled renderer. */
function gatedScheduler() {
  let open = false;
  const waiting = new Set<() => void>();
  const real: FrameScheduler = { schedule: (callback) => {
    const frame = requestAnimationFrame(callback);
    return () => cancelAnimationFrame(frame);
  } };
  const scheduler: FrameScheduler = {
    schedule(callback) {
      if (open) return real.schedule(callback);
      let cancel: (() => void) | undefined;
      const run = () => (cancel = real.schedule(callback));
      waiting.add(run);
      return () => {
        waiting.delete(run);
        cancel?.();
      };
    },
  };
  return {
    scheduler,
    open() {
      open = true;
      for (const run of waiting) run();
      waiting.clear();
    },
  };
}

/** What people write first: read the body, `setState` for every token. */
function useNaiveChat(url: string, fetchImpl: typeof fetch) {
  const [content, setContent] = useState('');
  const send = async (text: string) => {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: text }] }),
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (frame.startsWith('data: ')) {
          const token = frame.slice(6);
          setContent((previous) => previous + token);
        }
      }
    }
  };
  return { content, send };
}

function NaiveApp({ url, fetch, onReady }: AppProps) {
  const chat = useNaiveChat(url, fetch);
  useEffect(() => onReady(() => chat.send('Hello')), []);
  return <MessagePane content={chat.content} />;
}

const textOf = (message: UIMessage | undefined): string =>
  message?.role === 'assistant' ? message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('') : '';

function AiSdkApp({ url, fetch, onReady, throttle }: AppProps & { throttle?: number }) {
  const [transport] = useState(() => new DefaultChatTransport({ api: url, fetch }));
  const { messages, sendMessage } = useChat({ transport, experimental_throttle: throttle });
  useEffect(() => onReady(() => sendMessage({ text: 'Hello' })), []);
  return <MessagePane content={textOf(messages.at(-1))} />;
}

export interface ChatRunOptions {
  contender: Contender;
  /** The server's base URL. */
  server: string;
  tokens: number;
  mode: 'burst' | 'token';
  renderCostMs?: number;
  bufferSize?: number;
  /** Characters per token (default `TOKEN_CHARS`). */
  tokenChars?: number;
  /**
   * Ours only. `'none'`: a hidden tab (`document.visibilityState` is `'hidden'` and
   * requestAnimationFrame never calls back), so the frame scheduler's timer fallback flushes.
   * `'stalled'`: a scheduler that runs nothing until the reads have stopped for `plateauMs`; then
   * frames flow and the reply ends.
   */
  frames?: 'raf' | 'none' | 'stalled';
  plateauMs?: number;
}

export interface ChatRunResult {
  /** From `send` to the commit that shows the whole reply. */
  wallMs: number;
  /** Commits of the message subtree after `send`. */
  commits: number;
  /** Renders of the message component after `send` (more than commits when React rendered again before committing). */
  renders: number;
  chunks: number;
  bytesPulled: number;
  maxChunkBytes: number;
  /** The most bytes pulled from the body but not yet committed to the DOM. */
  maxReadAheadBytes: number;
  /** The same in tokens' frames. */
  maxReadAheadTokens: number;
  tokenBytes: number;
  /** The last commit showed exactly the whole reply. */
  ok: boolean;
  /** Ours: `stats.renderBudget` at the end (NaN for the others). */
  renderBudget: number;
  /** Ours: the largest `stats.renderBudget` any render saw. */
  maxRenderBudget: number;
  /** `frames: 'stalled'`: the read-ahead when the reads stopped (the plateau), and its reads. */
  stalledReadAheadBytes?: number;
  stalledChunks?: number;
}

/** Mounts one contender in jsdom, streams one reply from the bench server, and unmounts. */
export async function runChat(options: ChatRunOptions): Promise<ChatRunResult> {
  const { contender, tokens, mode, renderCostMs = 0, bufferSize, tokenChars = TOKEN_CHARS, frames = 'raf', plateauMs = 300 } = options;
  const wire = wireOf(contender);
  const sizes = wireSizes(wire, tokenChars);
  probe = new Probe(tokens * tokenChars, renderCostMs, sizes, tokenChars);
  const current = probe;
  const url = `${options.server}/reply?wire=${wire}&n=${tokens}&mode=${mode}&chars=${tokenChars}`;
  const gate = frames === 'stalled' ? gatedScheduler() : undefined;
  lastRenderBudget = Number.NaN;
  maxRenderBudget = Number.NaN;
  const fetch = countingFetch(current.pulled);

  installDom();
  // Loaded only now: React DOM reads `window` when it is evaluated. The profiling build is the
  // production build with <Profiler onRender> kept.
  const { createRoot } = await import('react-dom/profiling');
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  const ready = new Promise<() => Promise<unknown>>((onReady) => {
    const props = { url, fetch, onReady };
    root.render(
      contender === 'ours' ? (
        <OursApp {...props} bufferSize={bufferSize} scheduler={gate?.scheduler} />
      ) : contender === 'naive' ? (
        <NaiveApp {...props} />
      ) : (
        <AiSdkApp {...props} throttle={contender === 'ai-sdk-throttle-50' ? 50 : undefined} />
      ),
    );
  });
  const start = await ready;

  current.commits = 0;
  current.renders = 0;
  // No frames, as in a hidden tab: the page says it is hidden, and requestAnimationFrame takes
  // callbacks and never runs them (React does not use it).
  const raf = globalThis.requestAnimationFrame;
  if (frames === 'none') {
    globalThis.requestAnimationFrame = () => 0;
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  }
  const startedAt = performance.now();
  let stalled: { bytes: number; chunks: number } | undefined;
  let sent: Promise<unknown>;
  try {
    sent = start();
    if (gate) {
      // Wait until the reader has stopped pulling for plateauMs: what it read ahead is then all it will.
      let last = -1;
      while (current.chunks !== last || current.chunks === 0) {
        last = current.chunks;
        await new Promise((resolve) => setTimeout(resolve, plateauMs));
      }
      stalled = { bytes: current.maxReadAheadBytes, chunks: current.chunks };
      gate.open();
    }
    await sent;
  } finally {
    globalThis.requestAnimationFrame = raf;
    delete (document as { visibilityState?: unknown }).visibilityState;
  }
  // A throttled hook may commit the end a little after its request settled.
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([current.complete, new Promise((resolve) => (timer = setTimeout(resolve, 1000)))]);
  clearTimeout(timer);
  const result: ChatRunResult = {
    wallMs: (current.completeAt ?? Number.NaN) - startedAt,
    commits: current.commits,
    renders: current.renders,
    chunks: current.chunks,
    bytesPulled: current.bytesPulled,
    maxChunkBytes: current.maxChunkBytes,
    maxReadAheadBytes: current.maxReadAheadBytes,
    maxReadAheadTokens: current.maxReadAheadBytes / sizes.tokenBytes,
    tokenBytes: sizes.tokenBytes,
    ok: current.shownChars === tokens * tokenChars && container.textContent === makeTokens(tokens, tokenChars).join(''),
    renderBudget: lastRenderBudget,
    maxRenderBudget,
    stalledReadAheadBytes: stalled?.bytes,
    stalledChunks: stalled?.chunks,
  };
  root.unmount();
  container.remove();
  return result;
}
