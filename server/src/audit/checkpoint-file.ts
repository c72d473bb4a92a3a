import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { ConfigError } from '../config/config';
import { AuditKey } from './audit-key';
import { Checkpoint, StreamHead } from './global-chain';

/**
 * `{"mac":"<hex>","checkpoint":<JSON>,"streamHeads":<JSON>}`: plain JSON to read, with the MAC over the
 * text after `"checkpoint":` exactly as written (no canonical form to rebuild: the file is rewritten
 * every second under load). Each stream's head is kept apart from the rest (`streamHeads`), so a start
 * reads the chain's head, anchors and month ends at once and decodes the heads (hundreds of thousands
 * of streams at province scale, seconds to parse) only when the chain first needs them. A file of the
 * first layout (`{"mac":"<hex>","checkpoint":<JSON with streams>}`) is still read.
 */
const PREFIX = /^\{"mac":"([0-9a-f]{64})","checkpoint":/;
/** Cannot occur earlier in the text: a quote inside a JSON string is escaped, and no other key has this name. */
const HEADS_KEY = ',"streamHeads":';
const CLOSING_BRACE = 0x7d;
/** Stream heads made into text between two turns of the event loop (some 20 ms of work on this machine). */
const HEADS_PER_SLICE = 20_000;

const MOVE_ASIDE = 'restore it from its backup, or move it aside (keep it: it is evidence) to start a new one';

/**
 * The audit checkpoint on disk: the global chain's state with a MAC under the audit key, so an edited
 * checkpoint is refused rather than trusted. Written whole to a temporary file, synced, then renamed
 * over the old one: a crash leaves the old checkpoint or the new, never half of one.
 */
export class CheckpointFile {
  /** The last `load` read a file of the first layout (the trail writes it anew, in the current one). */
  firstLayout = false;

  constructor(
    readonly path: string,
    private readonly key: AuditKey,
  ) {}

  /** The checkpoint, or null when there is none; a checkpoint that does not hold stops the server. */
  load(): Checkpoint | null {
    // Read and checked as bytes: a province's checkpoint is some 50 MB, which as one string took half a
    // second to decode and as long again to encode back for its MAC, at every start.
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new ConfigError(`cannot read the audit checkpoint ${this.path}: ${(error as Error).message}`);
    }
    const prefix = PREFIX.exec(bytes.toString('latin1', 0, 100));
    // What the MAC covers: everything after `"checkpoint":` but the closing brace (the prefix is ASCII:
    // as many bytes as characters).
    const body = prefix && bytes.at(-1) === CLOSING_BRACE ? bytes.subarray(prefix[0].length, -1) : Buffer.alloc(0);
    const split = body.indexOf(HEADS_KEY);
    let checkpoint: Checkpoint;
    try {
      checkpoint = JSON.parse(body.toString('utf8', 0, split < 0 ? body.length : split)) as Checkpoint;
    } catch {
      throw new ConfigError(`the audit checkpoint ${this.path} is not one this server writes: ${MOVE_ASIDE}`);
    }
    if (checkpoint?.version !== 1) throw new ConfigError(`the audit checkpoint ${this.path} is not one this server writes: ${MOVE_ASIDE}`);
    if (checkpoint.keyFingerprint !== this.key.fingerprint) {
      throw new ConfigError(
        `the audit checkpoint ${this.path} was written with audit key ${String(checkpoint.keyFingerprint)}, but the key is ${this.key.fingerprint}: set the key it was written with, or ${MOVE_ASIDE}`,
      );
    }
    if (!this.key.verifies(body, prefix![1])) {
      throw new ConfigError(`the audit checkpoint ${this.path} does not match its MAC, so it was altered: ${MOVE_ASIDE}`);
    }
    if (split >= 0) lazyStreams(checkpoint, body.slice(split + HEADS_KEY.length));
    this.firstLayout = split < 0;
    return checkpoint;
  }

  save(checkpoint: Checkpoint): void {
    const text = this.text(checkpoint);
    // The folder was made (and checked writable) at start. Not made again here: a folder that has gone
    // was moved or removed, and a fresh empty one would split the evidence in two. The write fails and
    // is retried once the folder is back.
    const temporary = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
  }

  /**
   * As `save`, with the write, the sync and the rename on the thread pool: only the text is made on the
   * event loop (from the checkpoint as it is now). A sync takes tens, at times hundreds, of milliseconds
   * on a busy disk, and the screens' batches wait for the event loop. The caller writes one at a time;
   * `stillWanted` is asked before the rename (false: a newer checkpoint was written meanwhile, this one
   * is dropped).
   */
  async saveInBackground(checkpoint: Checkpoint, stillWanted: () => boolean = () => true): Promise<void> {
    const text = await this.textInSlices(checkpoint);
    const temporary = `${this.path}.${process.pid}.bg.tmp`;
    const file = await open(temporary, 'w', 0o600);
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    if (stillWanted()) await rename(temporary, this.path);
    else await unlink(temporary);
  }

  private text(checkpoint: Checkpoint): string {
    const { streams, ...rest } = checkpoint;
    const body = `${JSON.stringify(rest)}${HEADS_KEY}${JSON.stringify(streams)}`;
    return `{"mac":"${this.key.mac(body)}","checkpoint":${body}}`;
  }

  /**
   * The same text as `text` (the same JSON, the same MAC), made a slice of stream heads at a time with a
   * turn of the event loop between slices: a province's checkpoint holds a million stream heads, whose
   * text in one piece held the screens' batches and every request back for a second and a half. The
   * checkpoint is the chain's snapshot, a copy nothing changes meanwhile.
   */
  private async textInSlices(checkpoint: Checkpoint): Promise<string> {
    const { streams, ...rest } = checkpoint;
    const mac = this.key.hmac();
    const pieces: string[] = [];
    const add = (piece: string) => {
      mac.update(piece);
      pieces.push(piece);
    };
    add(`${JSON.stringify(rest)}${HEADS_KEY}{`);
    const ids = Object.keys(streams);
    let first = true;
    for (let from = 0; from < ids.length; from += HEADS_PER_SLICE) {
      if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      // Own properties, whatever the ids (fromEntries defines them, as the chain's snapshot did).
      const slice = Object.fromEntries(ids.slice(from, from + HEADS_PER_SLICE).map((id) => [id, streams[id]]));
      const inner = JSON.stringify(slice).slice(1, -1);
      if (inner.length === 0) continue;
      add(first ? inner : `,${inner}`);
      first = false;
    }
    add('}');
    return `{"mac":"${mac.digest('hex')}","checkpoint":${pieces.join('')}}`;
  }
}

/** `checkpoint.streams`, decoded from `json` (vouched for by the MAC) on first read, then a plain property. */
function lazyStreams(checkpoint: Checkpoint, json: Buffer): void {
  Object.defineProperty(checkpoint, 'streams', {
    enumerable: true,
    configurable: true,
    get: () => {
      const streams = JSON.parse(json.toString('utf8')) as Record<string, StreamHead>;
      Object.defineProperty(checkpoint, 'streams', { value: streams, enumerable: true, configurable: true, writable: true });
      return streams;
    },
  });
}
