import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport, type UIMessage } from 'ai';
import { Profiler, useLayoutEffect, useState, type ReactNode } from 'react';
// The profiling build: production React with <Profiler onRender> kept (it counts the commits).
import { createRoot } from 'react-dom/profiling';
import { StreamingChat, StreamingMessage, useStreamingChat, type ChatMessage } from 'react-streaming-chat';
import { renderMarkdown, StreamingMarkdown } from 'react-streaming-chat/markdown';

// The page `npm run bench:browser` (bench/browser.mjs) drives in Chromium, one run per load:
//   ?contender=ours-message  useStreamingChat + <StreamingMessage> (render={renderMarkdown} for markdown)
//   ?contender=ours-chat     <StreamingChat> (its own log, scroll-to-bottom and composer)
//   ?contender=naive         fetch, getReader(), setState per token, the text in one pre-wrap <div>
//   ?contender=ai-sdk        @ai-sdk/react useChat (DefaultChatTransport), the text in one <div>
//   ?contender=ai-sdk-50     the same with experimental_throttle: 50
// and &workload=<name>&markdown=0|1. Around the reply: 200 paragraphs of earlier conversation
// (100 exchanges). Markdown: every contender shows the text with this kit's markdown renderer
// (ours through `render`, the others through <StreamingMarkdown>), so only the hook differs.
// `window.__run(expectedLength)` sends, and resolves once the whole reply is on screen and painted.

export interface PageResult {
  /** From send to the commit that put the whole reply in the DOM. */
  commitMs: number;
  /** From send to the first task after the next frame (the one that painted it). */
  paintMs: number;
  /** Commits of the app's React tree between send and the complete reply. */
  commits: number;
  /** Long tasks (PerformanceObserver 'longtask') that overlap send … paint. */
  longTasksMs: number[];
  /** The longest gap between two animation frames, send … paint. */
  maxFrameGapMs: number;
  /** The reply as the DOM shows it: its length and SHA-256 (hex), the caret left out. */
  shownLength: number;
  shownSha256: string;
  /** Added by the driver from CDP `Performance.getMetrics` (the whole page, the run and its page-load tail). */
  layoutMs?: number;
  styleMs?: number;
  scriptMs?: number;
  taskMs?: number;
  /** ours-*: `stats.renderBudget` at the end. */
  renderBudget?: number;
}

declare global {
  interface Window {
    __run(expectedLength: number): Promise<PageResult>;
    __ready: boolean;
  }
}

const params = new URLSearchParams(location.search);
const contender = params.get('contender') ?? 'ours-message';
const markdown = params.get('markdown') === '1';
const api = `/api/reply?wire=${contender.startsWith('ai-sdk') ? 'ui' : 'sse'}&workload=${params.get('workload') ?? 'burst5'}`;

// ---- Earlier conversation: 100 exchanges, 200 paragraphs -------------------------------------

const WORDS =
  'the a of to and in is it that for on with as this be by are from at or an was can not your we which you have all will more one if about when has they their there so what how use each time out into only other new some then than would like way these its also been do make'.split(' ');
let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const sentence = () => {
  const words = Array.from({ length: 8 + Math.floor(random() * 12) }, () => WORDS[Math.floor(random() * WORDS.length)]!);
  return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
};
const paragraph = (sentences: number) => Array.from({ length: sentences }, sentence).join(' ');
const history: ChatMessage[] = Array.from({ length: 100 }, (_, i) => [
  { id: `u${i}`, role: 'user' as const, content: paragraph(1), status: 'done' as const, parts: [] },
  { id: `a${i}`, role: 'assistant' as const, content: paragraph(4), status: 'done' as const, parts: [] },
]).flat().map((m) => ({ ...m, parts: [{ type: 'text' as const, text: m.content }] }));

const historyIds = new Set(history.map((m) => m.id));

function History() {
  return history.map((m) => (
    <p key={m.id} className={m.role === 'user' ? 'user' : undefined}>
      {m.content}
    </p>
  ));
}

// ---- Measurement ------------------------------------------------------------------------------

const probe = {
  running: false,
  commits: 0,
  expected: Infinity,
  shown: 0,
  onComplete: (_at: number) => {},
};

/** Counts the app's commits while a run is on, and sees the one that shows the whole reply. */
const onRender = () => {
  if (!probe.running) return;
  probe.commits++;
  if (probe.shown >= probe.expected) {
    probe.running = false;
    probe.onComplete(performance.now());
  }
};

/** The reply's view: plain text in one pre-wrap block, or this kit's markdown. */
function View({ text, streaming }: { text: string; streaming: boolean }) {
  probe.shown = text.length;
  return markdown ? <StreamingMarkdown text={text} streaming={streaming} /> : <div className="plain">{text}</div>;
}

let send: () => unknown = () => {};
let budget: () => number | undefined = () => undefined;

function Log({ children }: { children: ReactNode }) {
  return (
    <div className="log" id="log">
      <History />
      {children}
    </div>
  );
}

function OursMessage() {
  const chat = useStreamingChat({ api });
  send = () => chat.send('Go');
  budget = () => chat.controller.getSnapshot().stats.renderBudget;
  const reply = chat.messages.findLast((m) => m.role === 'assistant');
  if (reply) probe.shown = reply.content.length;
  return (
    <Log>
      {chat.messages.length > 0 && <p className="user">Go</p>}
      <div id="reply">{reply && <StreamingMessage message={reply} render={markdown ? renderMarkdown : undefined} />}</div>
    </Log>
  );
}

function OursChat() {
  return (
    <StreamingChat
      api={api}
      initialMessages={history}
      render={markdown ? renderMarkdown : undefined}
      // Called as each text part renders: tells the probe how much of the reply is shown.
      renderPart={(part, message) => {
        if (message.role === 'assistant' && part.type === 'text' && !historyIds.has(message.id)) probe.shown = message.content.length;
        return undefined;
      }}
    />
  );
}

function Naive() {
  const [content, setContent] = useState('');
  const [streaming, setStreaming] = useState(false);
  send = async () => {
    setStreaming(true);
    const response = await fetch(api, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"messages":[]}' });
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
        if (frame.startsWith('data:') && !frame.startsWith('data:\n') && frame !== 'data:') {
          const token = frame
            .split('\n')
            .map((line) => line.replace(/^data: ?/, ''))
            .join('\n');
          setContent((previous) => previous + token);
        }
      }
    }
    setStreaming(false);
  };
  return (
    <Log>
      {streaming || content ? <p className="user">Go</p> : null}
      <div id="reply">{(streaming || content) && <View text={content} streaming={streaming} />}</div>
    </Log>
  );
}

const textOf = (message: UIMessage | undefined): string =>
  message?.role === 'assistant' ? message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('') : '';

function AiSdk({ throttle }: { throttle?: number }) {
  const [transport] = useState(() => new DefaultChatTransport({ api }));
  const { messages, sendMessage, status } = useChat({ transport, experimental_throttle: throttle });
  send = () => sendMessage({ text: 'Go' });
  const reply = messages.at(-1);
  return (
    <Log>
      {messages.length > 0 && <p className="user">Go</p>}
      <div id="reply">{reply?.role === 'assistant' && <View text={textOf(reply)} streaming={status === 'streaming'} />}</div>
    </Log>
  );
}

function App() {
  useLayoutEffect(() => {
    const log = document.querySelector('#log, .rsc-log');
    if (log) log.scrollTop = log.scrollHeight;
  }, []);
  switch (contender) {
    case 'ours-chat':
      return <OursChat />;
    case 'naive':
      return <Naive />;
    case 'ai-sdk':
      return <AiSdk />;
    case 'ai-sdk-50':
      return <AiSdk throttle={50} />;
    default:
      return <OursMessage />;
  }
}

/** Resolves after the next frame has been painted: a task posted from its animation frame. */
const afterPaint = () =>
  new Promise<number>((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(undefined);
    }),
  );

function replyElement(): Element | null {
  return contender === 'ours-chat' ? document.querySelector('.rsc-log > .rsc-message:last-child') : document.querySelector('#reply');
}

async function shown(): Promise<{ length: number; sha256: string }> {
  const copy = replyElement()?.cloneNode(true) as Element | undefined;
  for (const decoration of copy?.querySelectorAll('.rsc-caret, .rsc-mark') ?? []) decoration.remove();
  const text = copy?.textContent ?? '';
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return { length: text.length, sha256: Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('') };
}

async function sendFromComposer() {
  const textarea = document.querySelector('.rsc-form textarea') as HTMLTextAreaElement;
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
  setter.call(textarea, 'Go');
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((resolve) => setTimeout(resolve));
}

window.__run = async (expectedLength) => {
  if (contender === 'ours-chat') await sendFromComposer();
  await afterPaint();
  const longTasks: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries()));
  observer.observe({ type: 'longtask' });
  let maxFrameGapMs = 0;
  let frames = true;
  let last = performance.now();
  const frame = (at: number) => {
    if (at - last > maxFrameGapMs) maxFrameGapMs = at - last;
    last = at;
    if (frames) requestAnimationFrame(frame);
  };
  probe.commits = 0;
  probe.shown = 0;
  probe.expected = expectedLength;
  const complete = new Promise<number>((resolve) => (probe.onComplete = resolve));
  const start = performance.now();
  requestAnimationFrame((at) => {
    last = at;
    requestAnimationFrame(frame);
  });
  probe.running = true;
  if (contender === 'ours-chat') (document.querySelector('.rsc-send') as HTMLButtonElement).click();
  else void send();
  const committedAt = await complete;
  const paintedAt = await afterPaint();
  frames = false;
  // Long-task entries are delivered after the task ends: one more frame lets the last one in.
  await afterPaint();
  for (const entry of observer.takeRecords()) longTasks.push(entry);
  observer.disconnect();
  const text = await shown();
  return {
    commitMs: committedAt - start,
    paintMs: paintedAt - start,
    commits: probe.commits,
    longTasksMs: longTasks.filter((task) => task.startTime + task.duration >= start && task.startTime <= paintedAt).map((task) => task.duration),
    maxFrameGapMs,
    shownLength: text.length,
    shownSha256: text.sha256,
    renderBudget: budget(),
  };
};

createRoot(document.getElementById('root')!).render(
  <Profiler id="app" onRender={onRender}>
    <App />
  </Profiler>,
);
window.__ready = true;
