import { parseStoreUrl } from '../config/config';
import { EventStore } from './event-store.port';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { SqliteEventStore } from './sqlite-event-store';

/** Opens the store EVENTSTORE_URL names; throws ConfigError or StoreUnavailableError with one clear line. */
export async function openStore(url: string): Promise<EventStore> {
  const location = parseStoreUrl(url);
  if (location.kind === 'sqlite') return new SqliteEventStore(location.path);
  return KurrentDbEventStore.connect(location.url);
}
