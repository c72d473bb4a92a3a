/** Calendar helpers in China time (Asia/Shanghai). Pure: the instant is always an argument. */
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** YYYY-MM-DD of an instant in China time. */
export function chinaDay(instant: Date | number): string {
  return dayFormat.format(typeof instant === 'number' ? new Date(instant) : instant);
}

export function chinaYear(instant: Date | number): number {
  return Number(chinaDay(instant).slice(0, 4));
}

const CHINA_OFFSET_MS = 8 * 3600_000;

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
