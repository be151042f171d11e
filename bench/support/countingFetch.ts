/**
 * `fetch`, with the response body passed through a pull-only stream (highWaterMark 0) that
 * reports each chunk as the client pulls it: what the client has read ahead is then exactly
 * what `onPull` has seen minus what is on screen.
 */
export function countingFetch(onPull: (bytes: number) => void, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    if (!response.body) return response;
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          onPull(value.byteLength);
          controller.enqueue(value);
        },
        cancel: (reason) => reader.cancel(reason),
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
