import { StoreUnavailableError } from './event-store.port';

/** What went wrong with the store underneath a command, as an operator would name it. */
export type StoreFault = 'disk_full' | 'unavailable';

/** SQLite codes (better-sqlite3 `code`) that mean the file cannot be reached or written right now. */
const SQLITE_UNAVAILABLE = /^SQLITE_(CANTOPEN|IOERR|READONLY|BUSY|LOCKED|NOTADB|CORRUPT)/;
/** KurrentDB client error `type`s that mean the node cannot answer right now. */
const KURRENTDB_UNAVAILABLE = new Set(['unavailable', 'deadline-exceeded', 'not-leader', 'cancelled']);
/** gRPC status codes the KurrentDB client passes through bare (a refused connection is 14 UNAVAILABLE). */
const GRPC_UNAVAILABLE = new Set([4, 14]);

/**
 * A store fault behind an error, or null for anything else. A full disk is told apart (507) because its
 * remedy differs: free space, and writes come back by themselves.
 */
export function storeFaultOf(error: unknown): StoreFault | null {
  if (error instanceof StoreUnavailableError) return 'unavailable';
  const { code, type } = (error ?? {}) as { code?: unknown; type?: unknown };
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'disk_full';
  if (typeof code === 'string' && SQLITE_UNAVAILABLE.test(code)) return 'unavailable';
  if (typeof type === 'string' && KURRENTDB_UNAVAILABLE.has(type)) return 'unavailable';
  if (typeof code === 'number' && GRPC_UNAVAILABLE.has(code)) return 'unavailable';
  return null;
}
