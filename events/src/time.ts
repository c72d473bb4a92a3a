/** Calendar helpers in China time (Asia/Shanghai). Pure: the instant is always an argument. */
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** YYYY-MM-DD of an instant in China time. */
export function chinaDay(instant: Date | number): string {
  return dayFormat.format(typeof instant === 'number' ? new Date(instant) : instant);
}

export function chinaYear(instant: Date | number): number {
  return Number(chinaDay(instant).slice(0, 4));
}
