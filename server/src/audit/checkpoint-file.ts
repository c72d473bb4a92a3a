import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { ConfigError } from '../config/config';
import { AuditKey } from './audit-key';
import { Checkpoint } from './global-chain';

/**
 * `{"mac":"<hex>","checkpoint":<JSON>}`: plain JSON to read, with the MAC over the checkpoint's text
 * exactly as written (no canonical form to rebuild: the file is rewritten every second under load).
 */
const FILE = /^\{"mac":"([0-9a-f]{64})","checkpoint":(\{.*\})\}$/s;

const MOVE_ASIDE = 'restore it from its backup, or move it aside (keep it: it is evidence) to start a new one';

/**
 * The audit checkpoint on disk: the global chain's state with a MAC under the audit key, so an edited
 * checkpoint is refused rather than trusted. Written whole to a temporary file, synced, then renamed
 * over the old one: a crash leaves the old checkpoint or the new, never half of one.
 */
export class CheckpointFile {
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
    const match = FILE.exec(text);
    let checkpoint: Checkpoint;
    try {
      checkpoint = JSON.parse(match?.[2] ?? '') as Checkpoint;
    } catch {
      throw new ConfigError(`the audit checkpoint ${this.path} is not one this server writes: ${MOVE_ASIDE}`);
    }
    if (checkpoint?.version !== 1) throw new ConfigError(`the audit checkpoint ${this.path} is not one this server writes: ${MOVE_ASIDE}`);
    if (checkpoint.keyFingerprint !== this.key.fingerprint) {
      throw new ConfigError(
        `the audit checkpoint ${this.path} was written with audit key ${String(checkpoint.keyFingerprint)}, but the key is ${this.key.fingerprint}: set the key it was written with, or ${MOVE_ASIDE}`,
      );
    }
    if (!this.key.verifies(match![2], match![1])) {
      throw new ConfigError(`the audit checkpoint ${this.path} does not match its MAC, so it was altered: ${MOVE_ASIDE}`);
    }
    return checkpoint;
  }

  save(checkpoint: Checkpoint): void {
    const body = JSON.stringify(checkpoint);
    const text = `{"mac":"${this.key.mac(body)}","checkpoint":${body}}`;
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
}
