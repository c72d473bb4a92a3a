import type { EventEnvelope } from '../envelope';
import { chinaDay } from '../time';

/**
 * The two times of a replay. `at` is recorded time (UTC ms): what the board held then. `on` is
 * business time (YYYY-MM-DD): what is now known to have been true on that day, by each event's
 * `meta.occurredOn`, or the China-time day it was recorded where it has none. Together: what was
 * known at `at` about `on`.
 */
export interface AsOf {
  at?: number;
  on?: string;
}

/** The business day of an event. */
export function businessDay(event: Pick<EventEnvelope, 'meta'>): string {
  return event.meta.occurredOn ?? chinaDay(event.meta.recordedAt);
}

/** Recorded after `at`: this event and (positions follow recording) every later one are beyond the replay. */
export function recordedAfter(event: Pick<EventEnvelope, 'meta'>, asOf: AsOf): boolean {
  return asOf.at !== undefined && event.meta.recordedAt > asOf.at;
}

/** Whether an event recorded by `at` counts for the board as of `on`. */
export function occurredBy(event: Pick<EventEnvelope, 'meta'>, asOf: AsOf): boolean {
  return asOf.on === undefined || businessDay(event) <= asOf.on;
}
