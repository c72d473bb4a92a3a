import { day } from '@battlemap/events';
import { ValidationError } from './validation';

/** An instant in a query string: ISO 8601 or UTC milliseconds, not before 2000; `field` names it in the message. */
export function parseInstant(text: string | undefined, field = 'at'): number | undefined {
  if (text === undefined || text === '') return undefined;
  const at = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  // Beyond ±8.64e15 ms a Date is invalid; before 2000 there is no board.
  if (!Number.isFinite(at) || at < Date.UTC(2000, 0, 1) || at > 8.64e15) {
    throw new ValidationError([{ field, code: 'invalid_time', message: `${field}：应为时间，如 2026-03-31T16:00:00Z` }]);
  }
  return at;
}

/** A business day in a query string, YYYY-MM-DD. */
export function parseDay(text: string | undefined, field = 'on'): string | undefined {
  if (text === undefined || text === '') return undefined;
  if (!day.safeParse(text).success || text < '2000-01-01') {
    throw new ValidationError([{ field, code: 'invalid_date', message: `${field}：应为日期，如 2026-03-31` }]);
  }
  return text;
}
