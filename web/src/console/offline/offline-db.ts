import type { BoardState, CommandName, DomainEvent, EventEnvelope } from '@battlemap/events';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CommandAnswer } from '../lib/api';
import type { HistoryLine } from '../lib/history';

/**
 * What the console keeps on the device, in IndexedDB, so it works on a site with no network and
 * survives a reload or a phone restart: the queue of commands not yet sent, the last board it saw,
 * the histories of the streams it checks commands against, and who is who.
 */

export type QueuedState = 'queued' | 'sending' | 'synced' | 'conflict' | 'rejected';

export interface QueuedCommand {
  /** Queue order, given by IndexedDB. */
  seq?: number;
  /** Sent with every attempt, so the server acts on it once however often it is retried. */
  key: string;
  command: CommandName;
  method: 'POST' | 'PATCH';
  path: string;
  /** The stream it writes to; null for a new one (an inspection). */
  stream: string | null;
  /** The checked body, without expectedRevision (that is worked out when it is sent). */
  body: Record<string, unknown>;
  /** The stream revision it is based on (the page as loaded, plus the commands queued before it). */
  expectedRevision?: number;
  /** The revision the person had loaded, before the queued commands ahead of this one. */
  loadedRevision?: number;
  /** The queued command on the same stream that this one was checked on top of. */
  after: string | null;
  /** What the local fold decided: what the board will show once it lands. */
  predicted: DomainEvent[];
  /** In words, for the queue page: "开工", "2026-05 完成投资800万元 …". */
  text: string;
  /** The project (or problem) it is about. */
  subject: string;
  projectId: string | null;
  queuedAt: number;
  by: { username: string; displayName: string };
  state: QueuedState;
  attempts: number;
  lastTriedAt?: number;
  /** Why it is waiting (the last network failure) or why it was refused. */
  message?: string;
  answer?: CommandAnswer;
  syncedAt?: number;
  conflict?: { changes: HistoryLine[]; latestRevision: number };
}

export interface SavedBoard {
  username: string;
  position: string | null;
  state: BoardState;
  /** When the console last heard from the server (client clock). */
  heardAt: number;
}

interface SavedStream {
  stream: string;
  events: EventEnvelope[];
  savedAt: number;
}

interface ConsoleDb extends DBSchema {
  outbox: { key: number; value: QueuedCommand; indexes: { key: string } };
  board: { key: string; value: SavedBoard };
  streams: { key: string; value: SavedStream };
  directory: { key: string; value: { name: string; value: unknown; savedAt: number } };
}

export type ConsoleDatabase = IDBPDatabase<ConsoleDb>;

let opening: Promise<ConsoleDatabase> | null = null;

/** The one connection of this page. Rejects where IndexedDB is unavailable; callers then work without it. */
export function offlineDb(): Promise<ConsoleDatabase> {
  opening ??= openDB<ConsoleDb>('battlemap-console', 1, {
    upgrade(db) {
      const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      outbox.createIndex('key', 'key', { unique: true });
      db.createObjectStore('board');
      db.createObjectStore('streams', { keyPath: 'stream' });
      db.createObjectStore('directory', { keyPath: 'name' });
    },
    // Another tab opened a newer version: let it, this page reloads into the new one.
    blocking() {
      void opening?.then((db) => db.close());
      opening = null;
    },
  });
  opening.catch(() => (opening = null));
  return opening;
}
