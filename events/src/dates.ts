/**
 * Calendar arithmetic on business dates as strings (YYYY-MM-DD, YYYY-MM). Strings in these fixed
 * formats compare correctly with < and >, so most code never parses them; no clock is ever read.
 */

/** YYYY-MM of a day (or of a month, unchanged). */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** 1..12 of a YYYY-MM or YYYY-MM-DD. */
export function monthNumber(date: string): number {
  return Number(date.slice(5, 7));
}

/** Whole months from month `from` to month `to` (both YYYY-MM or days); negative when `to` is earlier. */
export function monthsBetween(from: string, to: string): number {
  return (yearOf(to) - yearOf(from)) * 12 + (monthNumber(to) - monthNumber(from));
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** YYYY-MM for a year and a month number 1..12. */
export function monthKey(year: number, month: number): string {
  return `${year}-${pad2(month)}`;
}

/** The last day of a month, YYYY-MM-DD. */
export function monthEnd(year: number, month: number): string {
  // Day 0 of the next month is the last day of this one; UTC so the host's zone cannot shift it.
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${monthKey(year, month)}-${pad2(days)}`;
}

/** The first day of the month after (year, month). */
export function nextMonthStart(year: number, month: number): string {
  return month === 12 ? `${year + 1}-01-01` : `${monthKey(year, month + 1)}-01`;
}

/** True when a date (day or month) falls in `year`; a prefix test, no parsing. */
export function inYear(date: string, yearPrefix: string): boolean {
  return date.startsWith(yearPrefix);
}

export function yearPrefix(year: number): string {
  return `${year}-`;
}

/** The day `days` after (or, negative, before) a YYYY-MM-DD day. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from one YYYY-MM-DD day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
