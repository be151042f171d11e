import fc from 'fast-check';
import type { StreamProtocol } from 'react-streaming-chat/core';
import { decode } from '../../fixtures/transcripts/decode';
import type { Transcript } from '../../fixtures/transcripts/transcript';

const encoder = new TextEncoder();

/** Splits bytes at the given offsets: any offset, inside a multi-byte character included. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    pieces.push(bytes.subarray(start, point));
    start = point;
  }
  return pieces;
}

/**
 * For each transcript: read whole, the decoder gives its parts and its end; split at random
 * byte offsets, it gives the same as read whole (guarantee 1: whatever the network boundaries).
 */
export function checkTranscripts(protocol: () => StreamProtocol, transcripts: Record<string, Transcript>): void {
  describe.each(Object.entries(transcripts))('%s', (_, transcript) => {
    it('read whole, gives the expected parts and end', () => {
      const { parts, end } = decode(protocol(), transcript.wire);
      expect(parts).toEqual(transcript.parts);
      const expected = transcript.end;
      expect(end).toEqual(
        expected.status === 'error' && expected.message instanceof RegExp
          ? { ...expected, message: expect.stringMatching(expected.message) }
          : expected,
      );
    });

    it('split at any byte offsets, gives the same chunks and parts as read whole', () => {
      const bytes = encoder.encode(transcript.wire);
      const whole = decode(protocol(), transcript.wire);
      fc.assert(
        fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
          const pieces = decode(protocol(), split(bytes, cuts));
          expect(pieces.chunks).toEqual(whole.chunks);
          expect(pieces.parts).toEqual(whole.parts);
          expect(pieces.end).toEqual(whole.end);
        }),
        { numRuns: 200 },
      );
    });
  });
}
