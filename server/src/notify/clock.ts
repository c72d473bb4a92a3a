import { ConfigError } from '../config/config';

/** The time the deadline manager, the light watcher and the digest act on (UTC ms). */
export type Clock = () => number;

/**
 * The real clock, unless `BATTLEMAP_NOW` (tests and drills only) sets the instant the process starts
 * at; from there it runs at real speed. An environment variable rather than an endpoint, so nothing
 * reachable over the network can move a production server's time: a test restarts the server to jump.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const fixed = env.BATTLEMAP_NOW?.trim();
  if (!fixed) return Date.now;
  const start = Date.parse(fixed);
  if (Number.isNaN(start)) throw new ConfigError(`BATTLEMAP_NOW must be an ISO 8601 instant, got "${fixed}"`);
  const offset = start - Date.now();
  return () => Date.now() + offset;
}
