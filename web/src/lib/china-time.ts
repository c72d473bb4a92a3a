/**
 * Dates and times as a Chinese command room reads them: always Asia/Shanghai, whatever the PC says.
 * (Business days, YYYY-MM-DD, come from the kernel's chinaDay.)
 */
const ZONE = 'Asia/Shanghai';

const longDay = new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, year: 'numeric', month: 'long', day: 'numeric' });
const weekday = new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, weekday: 'long' });
const clock = new Intl.DateTimeFormat('zh-CN', {
  timeZone: ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const shortClock = new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** 2026年11月21日 */
export function chinaLongDay(ms: number): string {
  return longDay.format(ms);
}

/** 星期六 */
export function chinaWeekday(ms: number): string {
  return weekday.format(ms);
}

/** 19:58:39 */
export function chinaClock(ms: number): string {
  return clock.format(ms);
}

/** 19:58 */
export function chinaShortClock(ms: number): string {
  return shortClock.format(ms);
}

/** "2026-10" → "2026年10月" */
export function monthText(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}
