import { GUANGYUAN_MAP_PATH } from '@battlemap/seeds';
import { resolve } from 'node:path';

/** Configuration from the environment, checked once at start. */
export interface AppConfig {
  port: number;
  eventStoreUrl: string;
  demo: 'auto' | 'off' | 'live';
  adminPassword?: string;
  /** Where the built web app lives (served at /). */
  webDist: string;
  /** GeoJSON of the region's counties, served at /api/map. */
  mapPath: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const DEFAULT_EVENTSTORE_URL = 'sqlite:./data/events.db';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a port number (0-65535), got "${env.PORT}"`);
  }
  const demo = (env.DEMO ?? 'auto').toLowerCase();
  if (demo !== 'auto' && demo !== 'off' && demo !== 'live') {
    throw new ConfigError(`DEMO must be auto, off or live, got "${env.DEMO}"`);
  }
  const eventStoreUrl = env.EVENTSTORE_URL?.trim() || DEFAULT_EVENTSTORE_URL;
  parseStoreUrl(eventStoreUrl);
  return {
    port,
    eventStoreUrl,
    demo,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    webDist: env.WEB_DIST ?? resolve(__dirname, '..', '..', '..', 'web', 'dist'),
    mapPath: env.MAP_GEOJSON ?? GUANGYUAN_MAP_PATH,
  };
}

export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'kurrentdb'; url: string };

/** `sqlite:<path>` or a KurrentDB connection string (`kurrentdb://…`, `esdb://…`, `+discover` variants). */
export function parseStoreUrl(url: string): StoreLocation {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new ConfigError(`EVENTSTORE_URL "${url}" names no file: use sqlite:<path>, e.g. ${DEFAULT_EVENTSTORE_URL}`);
    return { kind: 'sqlite', path };
  }
  if (/^(kurrentdb|kdb|esdb)(\+discover)?:\/\/[^/?#\s]+/.test(url)) return { kind: 'kurrentdb', url };
  throw new ConfigError(`EVENTSTORE_URL "${redact(url)}" is not understood: use sqlite:<path> or kurrentdb://host:2113?tls=false`);
}

/** Connection strings may carry a password: never print it. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
