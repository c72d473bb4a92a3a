import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonicalJson } from '../commands/hash-chain';
import { ConfigError } from '../config/config';
import { AuditKey } from './audit-key';
import { Checkpoint } from './global-chain';

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
    let file: { mac?: unknown; checkpoint?: Checkpoint };
    try {
      file = JSON.parse(text) as typeof file;
    } catch {
      throw new ConfigError(`the audit checkpoint ${this.path} is not JSON: ${MOVE_ASIDE}`);
    }
    const checkpoint = file.checkpoint;
    if (!checkpoint || checkpoint.version !== 1)
      throw new ConfigError(`the audit checkpoint ${this.path} is not one this server writes: ${MOVE_ASIDE}`);
    if (checkpoint.keyFingerprint !== this.key.fingerprint) {
      throw new ConfigError(
        `the audit checkpoint ${this.path} was written with audit key ${String(checkpoint.keyFingerprint)}, but the key is ${this.key.fingerprint}: set the key it was written with, or ${MOVE_ASIDE}`,
      );
    }
    if (!this.key.verifies(canonicalJson(checkpoint), file.mac)) {
      throw new ConfigError(`the audit checkpoint ${this.path} does not match its MAC, so it was altered: ${MOVE_ASIDE}`);
    }
    return checkpoint;
  }

  save(checkpoint: Checkpoint): void {
    const text = JSON.stringify({ mac: this.key.mac(canonicalJson(checkpoint)), checkpoint });
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
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
