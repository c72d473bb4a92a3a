import { TICK_INTERVAL_MS } from '@battlemap/events';
import type { Connection } from './board-store.svelte';

/** How far a screen can trust what it shows. Anything but `live` greys the data out. */
export type Freshness = 'waiting' | 'live' | 'stale' | 'down' | 'restarting';

/** Past three missed ticks, the badge turns amber and the data grey. */
const STALE_AFTER_MS = 3 * TICK_INTERVAL_MS;

export function freshnessOf(connection: Connection, lastHeardAt: number | null, now: number): Freshness {
  if (connection === 'refused') return 'down';
  // Told by the server before it went away on purpose: not an alarm, it comes back by itself.
  if (connection === 'restarting') return 'restarting';
  if (lastHeardAt === null) return connection === 'disconnected' ? 'down' : 'waiting';
  if (connection !== 'connected') return 'down';
  return now - lastHeardAt > STALE_AFTER_MS ? 'stale' : 'live';
}

/** "N秒前更新" / "N分钟前更新" / "N小时前更新". */
export function ageText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds}秒前更新`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}分钟前更新`;
  return `${Math.floor(seconds / 3600)}小时前更新`;
}
