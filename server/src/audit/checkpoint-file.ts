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
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new ConfigError(`cannot read the audit checkpoint ${this.path}: ${(error as Error).message}`);
    }
    const prefix = PREFIX.exec(text.slice(0, 100));
    // What the MAC covers: everything after `"checkpoint":` but the closing brace.
    const body = prefix && text.endsWith('}') ? text.slice(prefix[0].length, -1) : '';
    const split = body.indexOf(HEADS_KEY);
    let checkpoint: Checkpoint;
    try {
      checkpoint = JSON.parse(split < 0 ? body : body.slice(0, split)) as Checkpoint;
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
    const text = this.text(checkpoint);
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
}

/** `checkpoint.streams`, decoded from `text` (vouched for by the MAC) on first read, then a plain property. */
function lazyStreams(checkpoint: Checkpoint, text: string): void {
  Object.defineProperty(checkpoint, 'streams', {
    enumerable: true,
    configurable: true,
    get: () => {
      const streams = JSON.parse(text) as Record<string, StreamHead>;
      Object.defineProperty(checkpoint, 'streams', { value: streams, enumerable: true, configurable: true, writable: true });
      return streams;
    },
  });
}
