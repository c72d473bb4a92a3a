/**
 * Calendar arithmetic for the demo history on plain integers: days since 1970-01-01 and months
 * since year 0, so planning is integer arithmetic and only the output is formatted. No clock.
 */

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** Days since 1970-01-01 of a YYYY-MM-DD. */
export function dayNumber(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS;
}

export function dayString(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Months since year 0 of a YYYY-MM or YYYY-MM-DD. */
export function monthIndex(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

export function monthString(index: number): string {
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

export const monthOfDay = (n: number) => monthIndex(dayString(n));
export const yearOfMonth = (index: number) => Math.floor(index / 12);
/** 1..12. */
export const monthNumberOf = (index: number) => (index % 12) + 1;
export const firstDay = (month: number) => dayNumber(`${monthString(month)}-01`);
export const lastDay = (month: number) => firstDay(month + 1) - 1;

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
const weekday = (n: number) => (((n + 4) % 7) + 7) % 7;

/**
 * Government work happens on weekdays: a Saturday moves to Friday, a Sunday to Monday, as long as
 * the result stays within [min, max]; otherwise the day is kept.
 */
export function workday(n: number, min = -Infinity, max = Infinity): number {
  const dow = weekday(n);
  const candidates = dow === 6 ? [n - 1, n + 2] : dow === 0 ? [n + 1, n - 2] : [n];
  return candidates.find((c) => c >= min && c <= max) ?? n;
}
