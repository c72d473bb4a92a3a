import { accessSync, constants, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { credentialsPath } from '../auth/credentials-path';
import { AppConfig, ConfigError } from '../config/config';
import { EventStore } from '../store/event-store.port';
import { AuditKey, parseAuditKey } from './audit-key';
import { CheckpointFile } from './checkpoint-file';
import { Checkpoint } from './global-chain';

export interface AuditFiles {
  /** The key file (null: a store in memory gets a key in memory). */
  keyPath: string | null;
  checkpointPath: string | null;
}

/** What the server needs to sign, chain and verify, read before Nest starts so a bad setting stops it with one line. */
export interface AuditSetup {
  key: AuditKey;
  file: CheckpointFile | null;
  checkpoint: Checkpoint | null;
  storeHead: string | null;
  /** Lines to print at start. */
  notes: string[];
}

/**
 * AUDIT_KEY_PATH, or `audit.key` beside the credentials file (so `./data/audit.key` by default);
 * AUDIT_CHECKPOINT_PATH, or `audit-checkpoint.json` beside the key file.
 */
export function auditFiles(config: Pick<AppConfig, 'eventStoreUrl'>, env: NodeJS.ProcessEnv = process.env): AuditFiles {
  const explicitKey = env.AUDIT_KEY_PATH?.trim();
  const explicitCheckpoint = env.AUDIT_CHECKPOINT_PATH?.trim();
  const credentials = credentialsPath(config, env);
  const keyPath = explicitKey ? resolve(explicitKey) : credentials === ':memory:' ? null : join(dirname(credentials), 'audit.key');
  const checkpointPath = explicitCheckpoint ? resolve(explicitCheckpoint) : keyPath && join(dirname(keyPath), 'audit-checkpoint.json');
  return { keyPath, checkpointPath };
}

/** The audit key (AUDIT_KEY, or the key file, made on first start) and the checkpoint beside it. */
export async function openAudit(
  config: Pick<AppConfig, 'eventStoreUrl'>,
  store: EventStore,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AuditSetup> {
  const files = auditFiles(config, env);
  const notes: string[] = [];
  const key = await loadKey(files.keyPath, env, store, notes);
  let file: CheckpointFile | null = null;
  if (files.checkpointPath) {
    ensureWritable(files.checkpointPath);
    file = new CheckpointFile(files.checkpointPath, key);
  }
  return { key, file, checkpoint: file?.load() ?? null, storeHead: await store.headPosition(), notes };
}

async function loadKey(path: string | null, env: NodeJS.ProcessEnv, store: EventStore, notes: string[]): Promise<AuditKey> {
  const fromEnv = env.AUDIT_KEY?.trim();
  if (fromEnv && env.AUDIT_KEY_PATH?.trim()) throw new ConfigError('set AUDIT_KEY or AUDIT_KEY_PATH, not both');
  if (fromEnv) {
    const key = parseAuditKey(fromEnv, 'AUDIT_KEY');
    notes.push(`audit key: ${key.fingerprint} (from AUDIT_KEY)`);
    return key;
  }
  if (!path) {
    const key = AuditKey.random();
    notes.push(`audit key: ${key.fingerprint} (in memory, for a store in memory)`);
    return key;
  }
  const existing = readKeyFile(path);
  if (existing) {
    const key = parseAuditKey(existing.text, `the audit key file ${path}`);
    notes.push(`audit key: ${key.fingerprint} (${path})`);
    if (existing.mode & 0o077) {
      notes.push(
        `warning: the audit key file ${path} can be read by other users (mode ${(existing.mode & 0o777).toString(8)}): chmod 600 ${path}`,
      );
    }
    return key;
  }
  // A signed store whose key is gone: a new key would make every event look altered. Stop instead.
  const [last] = await store.readAll({ direction: 'backwards', limit: 1 });
  if (last && typeof last.meta.mac === 'string') {
    throw new ConfigError(
      `the audit key file ${path} does not exist, but the store's events are signed (the last one at position ${last.position}): restore the key from its backup, or set AUDIT_KEY`,
    );
  }
  return createKeyFile(path, notes);
}

function readKeyFile(path: string): { text: string; mode: number } | null {
  try {
    return { text: readFileSync(path, 'utf8'), mode: statSync(path).mode };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigError(`cannot read the audit key file ${path}: ${(error as Error).message}`);
  }
}

function createKeyFile(path: string, notes: string[]): AuditKey {
  const key = AuditKey.random();
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // `wx`: another node starting on the same volume at the same moment keeps its key, and this one reads it.
    writeFileSync(path, key.toFileText(), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const theirs = parseAuditKey(readFileSync(path, 'utf8'), `the audit key file ${path}`);
      notes.push(`audit key: ${theirs.fingerprint} (${path})`);
      return theirs;
    }
    throw new ConfigError(`cannot create the audit key file ${path}: ${(error as Error).message}`);
  }
  notes.push(`audit key: ${key.fingerprint} (created ${path}: back it up, with the checkpoint beside it, away from the store)`);
  return key;
}

function ensureWritable(checkpointPath: string): void {
  const folder = dirname(checkpointPath);
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw new ConfigError(
      `cannot write the audit checkpoint in ${folder}: ${(error as Error).message}; set AUDIT_CHECKPOINT_PATH to a writable place`,
    );
  }
}
