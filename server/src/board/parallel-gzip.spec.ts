import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import { mulberry32 } from '@battlemap/events';
import { gzipInPieces } from './parallel-gzip';

/** JSON-like ASCII text: what a packed snapshot holds (repetitive keys, escaped CJK, numbers). */
function boardLikeText(bytes: number, seed: number): Buffer {
  const random = mulberry32(seed);
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const part = `{"id":"p-${i}","name":"\\u5e7f\\u5143${Math.floor(random() * 1e6)}","progress":${Math.floor(random() * 100)},"stage":"started"},`;
    parts.push(part);
    length += part.length;
  }
  return Buffer.from(parts.join('').slice(0, bytes), 'latin1');
}

describe('gzipInPieces', () => {
  it('gunzips (CRC and length checked) to exactly its input, whatever the number of pieces', async () => {
    const cases: [Buffer, number][] = [
      [Buffer.alloc(0), 1024],
      [Buffer.from('x'), 1024],
      [boardLikeText(1024, 1), 1024], // exactly one piece
      [boardLikeText(1025, 2), 1024], // one byte into a second
      [boardLikeText(300_000, 3), 64 * 1024],
      [randomBytes(200_000), 50_000], // incompressible: stored blocks
    ];
    for (const [input, pieceBytes] of cases) {
      const packed = await gzipInPieces(input, 6, pieceBytes);
      expect(gunzipSync(packed).equals(input)).toBe(true);
      // One gzip member: the header once, the trailer holding the input's length.
      expect([...packed.subarray(0, 3)]).toEqual([0x1f, 0x8b, 0x08]);
      expect(packed.readUInt32LE(packed.length - 4)).toBe(input.length);
    }
  });

  it('is one gzip member around one deflate stream (a reader that stops at the first final block reads it whole), under 1 % bigger than one stream', async () => {
    const input = boardLikeText(3_000_000, 4);
    const packed = await gzipInPieces(input, 6, 512 * 1024);
    // Between the 10-byte header and the 8-byte trailer, one raw deflate stream: inflating it alone gives
    // the whole input (pieces gzipped each on their own would stop after the first piece's final block).
    expect(inflateRawSync(packed.subarray(10, packed.length - 8)).equals(input)).toBe(true);
    expect(packed.length).toBeLessThan(gzipSync(input, { level: 6 }).length * 1.01);
  });

  it('refuses nothing a stream would not: a corrupted byte fails the CRC check', async () => {
    const input = boardLikeText(100_000, 5);
    const packed = await gzipInPieces(input, 6, 16 * 1024);
    const corrupted = Buffer.from(packed);
    corrupted[packed.length - 6] ^= 0xff; // inside the CRC-32
    expect(() => gunzipSync(corrupted)).toThrow();
  });
});
