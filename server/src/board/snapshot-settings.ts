import { AppConfig, ConfigError, parseStoreUrl } from '../config/config';
import { BoardSnapshots, DEFAULT_SNAPSHOT_EVERY } from './board-snapshots';

export interface SnapshotSettings {
  path: string;
  every: number;
}

/**
 * BOARD_SNAPSHOTS: `off`, or the snapshot file's path; by default `<store file>.snapshots.db` beside a
 * SQLite store (none for a store in memory or on KurrentDB unless a path is given).
 * BOARD_SNAPSHOT_EVERY: events between two snapshots (default 5,000). Read before Nest starts, so a
 * bad value stops the server with one line.
 */
export function boardSnapshotSettings(
  config: Pick<AppConfig, 'eventStoreUrl'>,
  env: NodeJS.ProcessEnv = process.env,
): SnapshotSettings | null {
  const setting = env.BOARD_SNAPSHOTS?.trim();
  const every = snapshotEvery(env.BOARD_SNAPSHOT_EVERY);
  if (setting === 'off') return null;
  if (setting) return { path: setting, every };
  const location = parseStoreUrl(config.eventStoreUrl);
  if (location.kind !== 'sqlite' || location.path === ':memory:') return null;
  return { path: `${location.path}.snapshots.db`, every };
}

export function openBoardSnapshots(config: Pick<AppConfig, 'eventStoreUrl'>, env: NodeJS.ProcessEnv = process.env): BoardSnapshots | null {
  const settings = boardSnapshotSettings(config, env);
  return settings && new BoardSnapshots(settings.path, settings.every);
}

function snapshotEvery(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return DEFAULT_SNAPSHOT_EVERY;
  const every = Number(text);
  if (!Number.isInteger(every) || every < 1) {
    throw new ConfigError(`BOARD_SNAPSHOT_EVERY must be a whole number of events ≥ 1, got "${text}"`);
  }
  return every;
}
