import { dirname, join, resolve } from 'node:path';
import { AppConfig, parseStoreUrl } from '../config/config';

/**
 * Where releases before shared credentials kept password and token hashes (read once, to move them
 * into the store), and so where the audit key lives by default: CREDENTIALS_PATH, or `credentials.db`
 * beside the SQLite event store (so `./data/credentials.db` by default, and a server started on a
 * temporary store gets a temporary key too), or `./data/credentials.db` when the events are in KurrentDB.
 */
export function credentialsPath(config: Pick<AppConfig, 'eventStoreUrl'>, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.CREDENTIALS_PATH?.trim();
  if (explicit) return explicit === ':memory:' ? explicit : resolve(explicit);
  const location = parseStoreUrl(config.eventStoreUrl);
  if (location.kind === 'sqlite') {
    return location.path === ':memory:' ? ':memory:' : resolve(join(dirname(location.path), 'credentials.db'));
  }
  return resolve('./data/credentials.db');
}
