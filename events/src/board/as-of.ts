import type { EventEnvelope } from '../envelope';
import { chinaDay } from '../time';

/**
 * The two times of a replay. `at` is recorded time (UTC ms): what the board held then. `on` is
 * business time (YYYY-MM-DD): what is now known to have been true on that day. Together: what was
 * known at `at` about `on`. Which events count on a day: see `countsFrom`.
 */
export interface AsOf {
  at?: number;
  on?: string;
}

/** The business day of an event: `meta.occurredOn`, or the China-time day it was recorded where it has none. */
export function businessDay(event: Pick<EventEnvelope, 'meta'>): string {
  return event.meta.occurredOn ?? chinaDay(event.meta.recordedAt);
}

/**
 * Standing data: the frame the board is drawn in (places, task forces, indicator targets, light rules),
 * not something that happened on a day. Usually set up once, with no business date, often after the
 * first projects were recorded: it counts for every day, so a board replayed by business date shows
 * them as now known (as known at `at`, when given). Light rules carry their own `effectiveFrom`, which
 * the lights judge by.
 */
export const STANDING_EVENT_TYPES: ReadonlySet<string> = new Set([
  'RegionDefined',
  'TaskForceFormed',
  'TaskForceAmended',
  'IndicatorTargetSet',
  'LightRulesAdopted',
]);

/** Monthly reports: their month is their business date, however late (or early) they were entered. */
const MONTHLY_REPORTS: ReadonlySet<string> = new Set(['ProgressReported', 'IndicatorReported']);

/** The first day before which no event counts (every `on` is a day after it). */
const ALWAYS = '';

/**
 * The first business day an event counts for, so that it counts on `on` exactly when
 * `countsFrom(event) <= on`: standing data from always; a monthly report from the first day of its
 * month (the bulletin of March counts every March report, whenever entered); anything else from its
 * business day.
 */
export function countsFrom(event: Pick<EventEnvelope, 'type' | 'data' | 'meta'>): string {
  if (STANDING_EVENT_TYPES.has(event.type)) return ALWAYS;
  if (MONTHLY_REPORTS.has(event.type)) {
    const month = (event.data as { month?: unknown }).month;
    if (typeof month === 'string') return `${month}-01`;
  }
  return businessDay(event);
}

/** Recorded after `at`: this event and (positions follow recording) every later one are beyond the replay. */
export function recordedAfter(event: Pick<EventEnvelope, 'meta'>, asOf: AsOf): boolean {
  return asOf.at !== undefined && event.meta.recordedAt > asOf.at;
}

/** Whether an event recorded by `at` counts for the board as of `on` (see `countsFrom`). */
export function occurredBy(event: Pick<EventEnvelope, 'type' | 'data' | 'meta'>, asOf: AsOf): boolean {
  return asOf.on === undefined || countsFrom(event) <= asOf.on;
}
