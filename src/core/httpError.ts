import { StreamError } from './errors';

const BODY_PREVIEW_BYTES = 1024;

/** Reads at most the first KiB of a body, then lets the rest go. */
export async function readBodyPreview(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < BODY_PREVIEW_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body that fails while we read its preview still gets reported by its status.
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(Math.min(size, BODY_PREVIEW_BYTES));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk.subarray(0, bytes.length - offset), offset);
    offset += chunk.byteLength;
    if (offset >= bytes.length) break;
  }
  return new TextDecoder().decode(bytes);
}

/** `Retry-After` as seconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** A non-2xx response as an `http` error, with its status, Retry-After and the body's first KiB. */
export async function httpError(response: Response): Promise<StreamError> {
  const body = await readBodyPreview(response);
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  const reason = response.statusText ? ` ${response.statusText}` : '';
  return new StreamError('http', `The server answered ${response.status}${reason}`, {
    status: response.status,
    body,
    ...(retryAfter === undefined ? {} : { retryAfter }),
  });
}
