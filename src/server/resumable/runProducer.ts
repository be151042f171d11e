import type { ServerEventInput, StreamSource, UIMessageInput } from '../types.js';
import type { LogEncoder } from './logEncoder.js';
import { LogFullError } from './storeErrors.js';
import type { LogEvent, StreamWriter } from './types.js';

/**
 * What `start` runs: what `eventStream` takes (format `'sse'`) or what `uiMessageStream` takes
 * (format `'ui'`). A function source gets the signal that aborts on `stop` or abandonment.
 */
export type ResumableSource = StreamSource<ServerEventInput> | StreamSource<UIMessageInput>;

const STOPPED = Symbol('stopped');

/**
 * Runs `source` into the log until it ends, throws, or the writer's signal aborts (a stop from
 * any instance, or abandonment), then writes the closing events. Nobody reads from it: it is
 * paced by the store alone, each append awaited. Never rejects.
 */
export async function runProducer(
  source: ResumableSource,
  writer: StreamWriter,
  encoder: LogEncoder,
  errorMessage: (error: unknown) => string,
): Promise<void> {
  const sourceAbort = new AbortController();
  let iterator: AsyncIterator<unknown> | undefined;
  let closing: LogEvent[];
  try {
    iterator = (typeof source === 'function' ? source(sourceAbort.signal) : source)[Symbol.asyncIterator]();
    for (;;) {
      const result = await unlessStopped(iterator.next(), writer.signal);
      if (result === STOPPED) {
        closing = encoder.cancelled();
        break;
      }
      if (result.done) {
        iterator = undefined;
        closing = encoder.done();
        break;
      }
      for (const event of encoder.item(result.value)) await writer.append(event);
    }
  } catch (error) {
    if (writer.signal.aborted) closing = encoder.cancelled();
    else closing = encoder.error(error instanceof LogFullError ? error.message : errorMessage(error));
  }

  if (iterator) {
    // Stopped, failed or over the cap: abort the upstream call and run the generator's finally,
    // without waiting for it before the log says how the reply ended.
    sourceAbort.abort(writer.signal.reason);
    const open = iterator;
    (async () => open.return?.())().catch(() => {});
  }
  try {
    await writer.end(closing);
  } catch {
    // The store is unreachable: the log stays open, and readers learn from the lapsed lease.
  }
}

/**
 * `next`, or `STOPPED` as soon as `signal` aborts: a stop does not wait for the model's next
 * token. (Not `Promise.race` with one long-lived "stopped" promise: every race would leave a
 * reaction on it holding its item until the stream ends, a leak as long as the reply.)
 */
function unlessStopped<T>(next: Promise<T>, signal: AbortSignal): Promise<T | typeof STOPPED> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(STOPPED);
    const settle = (): void => signal.removeEventListener('abort', onAbort);
    next.then(
      (value) => {
        settle();
        resolve(value);
      },
      (error: unknown) => {
        settle();
        reject(error);
      },
    );
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
