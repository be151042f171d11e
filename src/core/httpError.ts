/** The first KiB of a body (as text), without reading the rest. */
export async function readBodyPreview(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  try {
    for (let chunk; reader && size < 1024 && !(chunk = await reader.read()).done; size += chunk.value.byteLength) {
      text += decoder.decode(chunk.value.subarray(0, 1024 - size), { stream: true });
    }
  } catch {
    // A body that fails while we read its preview is still reported by its status.
  }
  reader?.cancel().catch(() => {});
  return text + decoder.decode();
}

/** `Retry-After` as seconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = /^\s*\d+\s*$/.test(value) ? +value : Math.ceil((Date.parse(value) - now) / 1000);
  return seconds >= 0 ? seconds : Number.isNaN(seconds) ? undefined : 0;
}
