import type { BoardState, SnapshotEncoding } from '@battlemap/events';
import { gzipInPieces } from './parallel-gzip';
import { asciiInSlices } from './snapshot-codec';

/**
 * zlib's default level (6): packed once per position, its cost is paid once (~0.3 s for the 10 MiB of a
 * 4,000-project board, off the event loop, in pieces side by side), while its bytes (a quarter fewer than
 * level 1's, a third fewer for a province) go to every screen.
 */
const GZIP_LEVEL = 6;

/**
 * The board at one position, serialised once for every socket that needs a snapshot of it (DESIGN:
 * "a snapshot sent to screens is encoded once per position and scope, whatever the number of
 * sockets"). Every scope gets the same bytes: a scoped screen still folds the events of a project that
 * moves into its scope (`ProjectDetailsAmended` always reaches it), so it needs the whole board.
 *
 * Taken synchronously (the live fold changes the state in place right after); the packed forms are made
 * on first demand, the gzip one off the event loop, and kept with the entry.
 */
export class SharedSnapshot {
  /** The board state as JSON: the one serialisation of this position. */
  private readonly stateJson: string;
  private plain?: string;
  private readonly packed = new Map<SnapshotEncoding, Promise<Buffer>>();

  constructor(
    readonly position: string | null,
    state: BoardState,
    /** The socket.io namespace the plain packet is addressed to. */
    private readonly namespace: string,
  ) {
    this.stateJson = JSON.stringify(state);
  }

  /** The state's JSON: what a plain snapshot carries. */
  get json(): string {
    return this.stateJson;
  }

  /** Bytes of the state's JSON: what a plain snapshot carries. */
  get rawBytes(): number {
    return Buffer.byteLength(this.stateJson);
  }

  /**
   * The socket.io packet of `snapshot {position, state}`, exactly as the socket.io encoder writes it for
   * one socket (`2<namespace>,["snapshot",{...}]`: an EVENT packet, no ack id), built from the one
   * serialisation. Written to each socket as is (`client._packet(packet, {preEncoded: true})`).
   */
  plainPacket(): string {
    this.plain ??= `2${this.namespace},["snapshot",{"position":${JSON.stringify(this.position)},"state":${this.stateJson}}]`;
    return this.plain;
  }

  /**
   * The state's JSON in `encoding`, made once (off the event loop) and shared by every socket that asks.
   * The JSON is packed as ASCII (every character above U+007E as a `\uXXXX` escape, the same JSON to any
   * parser): a browser then decodes the unpacked bytes into a string with a plain copy instead of a UTF-8
   * decode into a two-byte string, which cost it as much as the JSON.parse on a province's CJK-heavy board,
   * for 2 % more gzip bytes.
   */
  packedBytes(encoding: SnapshotEncoding): Promise<Buffer> {
    let bytes = this.packed.get(encoding);
    if (!bytes) {
      bytes = asciiInSlices(this.stateJson).then((ascii) => gzipInPieces(ascii, GZIP_LEVEL));
      this.packed.set(encoding, bytes);
    }
    return bytes;
  }
}
