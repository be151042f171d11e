/**
 * A browser-ish global scope for React in Node: a jsdom window with `pretendToBeVisual`, so
 * `requestAnimationFrame` runs (jsdom drives it with a 1000/60 ms `setInterval`, started when a
 * callback is waiting). Node keeps its own fetch, streams, timers, AbortController and events.
 *
 * Call `installDom()` before React DOM is loaded (import it dynamically): React DOM reads `window`
 * when its module is evaluated.
 */
import { JSDOM } from 'jsdom';

let installed = false;

/** Installs the jsdom globals, once. */
export function installDom(): void {
  if (installed) return;
  installed = true;
  const { window } = new JSDOM('<!doctype html><html><body></body></html>', {
    pretendToBeVisual: true,
    url: 'http://127.0.0.1/',
  });
  const globals: Record<string, unknown> = {
    window,
    document: window.document,
    navigator: window.navigator,
    location: window.location,
    Node: window.Node,
    Element: window.Element,
    HTMLElement: window.HTMLElement,
    HTMLIFrameElement: window.HTMLIFrameElement,
    Text: window.Text,
    getComputedStyle: window.getComputedStyle.bind(window),
    requestAnimationFrame: window.requestAnimationFrame.bind(window),
    cancelAnimationFrame: window.cancelAnimationFrame.bind(window),
    // Not a test: no act() warnings; updates are scheduled as in a browser.
    IS_REACT_ACT_ENVIRONMENT: false,
  };
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
}

/** How often jsdom's requestAnimationFrame actually fires, in Hz, over `ms`. */
export function measureFrameRate(ms = 1000): Promise<number> {
  installDom();
  return new Promise((resolve) => {
    let frames = 0;
    const start = performance.now();
    const tick = () => {
      const elapsed = performance.now() - start;
      if (elapsed >= ms) resolve((frames * 1000) / elapsed);
      else {
        frames++;
        requestAnimationFrame(tick);
      }
    };
    requestAnimationFrame(tick);
  });
}
