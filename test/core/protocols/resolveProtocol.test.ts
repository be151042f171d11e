import { detectProtocol, ndjson, resolveProtocol, StreamError } from 'react-streaming-chat/core';

describe('resolveProtocol', () => {
  it.each(['text/event-stream', 'text/event-stream; charset=utf-8', ' TEXT/EVENT-STREAM '])("'auto' reads %s as sse", (contentType) => {
    const protocol = resolveProtocol('auto', contentType);
    expect(protocol.name).toBe('sse');
    expect(protocol.check?.(contentType)).toBeUndefined();
  });

  it.each(['application/x-ndjson', 'application/jsonl; charset=utf-8'])(
    "'auto' refuses %s with a protocol error that says to pass protocol: ndjson()",
    (contentType) => {
      const error = resolveProtocol('auto', contentType).check?.(contentType);
      expect(error).toBeInstanceOf(StreamError);
      expect(error).toMatchObject({ kind: 'protocol' });
      expect(error!.message).toContain('protocol: ndjson()');
    },
  );

  it.each(['text/plain; charset=utf-8', 'application/octet-stream', ''])("'auto' reads %s as text", (contentType) => {
    const protocol = resolveProtocol('auto', contentType);
    expect(protocol.name).toBe('text');
    expect(protocol.check?.(contentType)).toBeUndefined();
  });

  it("'auto' refuses an HTML page; 'text' asked for by name shows whatever comes", () => {
    expect(resolveProtocol('auto', 'text/html').check?.('text/html')).toMatchObject({ kind: 'protocol' });
    expect(resolveProtocol('text', 'text/html').check?.('text/html')).toBeUndefined();
  });

  it("'sse' and 'text' by name do not depend on the Content-Type", () => {
    expect(resolveProtocol('sse', 'text/plain').name).toBe('sse');
    expect(resolveProtocol('text', 'text/event-stream').name).toBe('text');
  });

  it('a protocol object is used as it is', () => {
    const protocol = ndjson();
    expect(resolveProtocol(protocol, 'text/event-stream')).toBe(protocol);
  });

  it('detectProtocol gives plain text for unknown types (auto adds the HTML check)', () => {
    expect(detectProtocol('text/plain').check).toBeUndefined();
    expect(detectProtocol('text/event-stream').name).toBe('sse');
  });
});
