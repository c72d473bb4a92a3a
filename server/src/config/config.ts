import { GUANGYUAN_MAP_PATH } from '@battlemap/seeds';
import { resolve } from 'node:path';
import { DEFAULT_RATE_LIMITS, RateLimitConfig } from '../limits/rate-limits';

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
  /** Express's `trust proxy`: which hops may set X-Forwarded-For (client addresses for rate limits and logs). */
  trustProxy: boolean | number | string;
  /** Origins other than the server's own that may call the API and open sockets (none by default). */
  corsOrigins: string[];
  rateLimits: RateLimitConfig;
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
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    corsOrigins: parseOrigins(env.CORS_ORIGINS),
    rateLimits: {
      commandsPerAccount: positiveInteger(env, 'RATE_LIMIT_COMMANDS', DEFAULT_RATE_LIMITS.commandsPerAccount),
      writesPerAddress: positiveInteger(env, 'RATE_LIMIT_ADDRESS', DEFAULT_RATE_LIMITS.writesPerAddress),
      expensivePerAccount: positiveInteger(env, 'RATE_LIMIT_EXPENSIVE', DEFAULT_RATE_LIMITS.expensivePerAccount),
    },
  };
}

/**
 * Unset: only a proxy on this machine (loopback) is trusted, as before. `false`/`0`: none. A number:
 * that many hops. Anything else: Express's list of addresses or subnets (`10.0.0.0/8, 192.168.1.2`).
 */
function parseTrustProxy(text: string | undefined): boolean | number | string {
  const value = text?.trim();
  if (value === undefined || value === '') return 'loopback';
  if (value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** `CORS_ORIGINS=https://a.example, https://b.example`: exact origins, each scheme://host[:port]. */
function parseOrigins(text: string | undefined): string[] {
  const origins = (text ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(`CORS_ORIGINS must list origins like https://board.example.gov.cn (no path), got "${origin}"`);
    }
  }
  return origins;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive whole number (per minute), got "${text}"`);
  return value;
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
