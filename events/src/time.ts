/** Calendar helpers in China time (Asia/Shanghai). Pure: the instant is always an argument. */
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** China has kept UTC+8 without daylight saving since 1992 (it had some from 1986 to 1991). */
const CHINA_OFFSET_MS = 8 * 3600_000;
const FIXED_OFFSET_SINCE = Date.UTC(1992, 0, 1);
const FIXED_OFFSET_UNTIL = Date.UTC(9999, 11, 31);

/**
 * YYYY-MM-DD of an instant in China time. Read for every command (its day) and many events, so instants
 * of the fixed-offset years skip Intl (arithmetic is ~20× faster); older or odd ones ask the time zone data.
 */
export function chinaDay(instant: Date | number): string {
  const ms = Number(instant);
  if (ms >= FIXED_OFFSET_SINCE && ms < FIXED_OFFSET_UNTIL) return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  return dayFormat.format(typeof instant === 'number' ? new Date(instant) : instant);
}

export function chinaYear(instant: Date | number): number {
  return Number(chinaDay(instant).slice(0, 4));
}

/**
 * YYYY-MM of an instant in China time. Read for every event the audit chain folds, so it skips Intl:
 * China has kept UTC+8 without daylight saving since 1991, long before any event here.
 */
export function chinaMonth(instant: Date | number): string {
  return new Date(Number(instant) + CHINA_OFFSET_MS).toISOString().slice(0, 7);
}

/** The last instant of a business day in China time (UTC+8, no daylight saving), as ISO 8601. */
export function endOfChinaDay(day: string): string {
  return new Date(Date.parse(`${day}T23:59:59.999+08:00`)).toISOString();
}
