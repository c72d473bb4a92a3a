import { promisify } from 'node:util';
import { constants, crc32, deflateRaw } from 'node:zlib';

const deflateRawAsync = promisify(deflateRaw);

/** How much input one piece compresses: big enough that the ratio stays within a percent of one stream's. */
const GZIP_PIECE_BYTES = 4 * 2 ** 20;

/**
 * One gzip member, its deflate stream compressed in pieces side by side on libuv's thread pool (as pigz
 * does): each piece but the last ends with a sync flush (byte-aligned, not final), so the pieces joined are
 * one valid deflate stream; the header and the CRC-32 and length trailer are written here (RFC 1952). Any
 * gunzip (zlib, a browser's DecompressionStream) reads it as it reads a gzip of the whole; a piece starts
 * with no history of the one before, which costs well under a percent of the bytes at 4 MiB a piece, and
 * on two cores takes about half the time of one stream (0.77 s → ~0.4 s for a province's 43 MiB board).
 */
export async function gzipInPieces(input: Buffer, level: number, pieceBytes = GZIP_PIECE_BYTES): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (let from = 0; from < input.length || pieces.length === 0; from += pieceBytes) pieces.push(input.subarray(from, from + pieceBytes));
  const deflated = await Promise.all(
    pieces.map((piece, i) =>
      deflateRawAsync(piece, { level, finishFlush: i === pieces.length - 1 ? constants.Z_FINISH : constants.Z_SYNC_FLUSH }),
    ),
  );
  // ID1 ID2, CM = deflate, no flags, no mtime, no extra flags, OS unknown.
  const header = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(input) >>> 0, 0);
  trailer.writeUInt32LE(input.length % 2 ** 32, 4);
  return Buffer.concat([header, ...deflated, trailer]);
}
