import { chinaDay } from '@battlemap/events';

/**
 * Form inputs are text; the command bodies want numbers and absent optionals. These turn what a
 * person typed into what the zod schema checks, so its messages (应为数字, 必填) are the ones shown.
 */

/** '' → undefined (必填 when required); '12.5' → 12.5; anything else stays text (应为数字). */
export function numberOrText(value: string): number | string | undefined {
  const text = value.trim().replace(/,/g, '');
  if (text === '') return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : text;
}

/** '' → undefined, so an optional field left empty is not sent. */
export function optional(value: string): string | undefined {
  const text = value.trim();
  return text === '' ? undefined : text;
}

/** Drops undefined values: the bodies are strict and JSON would drop them anyway. */
export function compact(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

/** Today in China time, and this month: what date and month fields start with. */
export function today(): string {
  return chinaDay(Date.now());
}

export function thisMonth(): string {
  return today().slice(0, 7);
}

/**
 * The month a report is most likely for: month m is reported in the first days of m + 1 (as the demo's
 * history does), and later in a month it is that month's own figures.
 */
export function reportMonth(): string {
  const day = Number(today().slice(8, 10));
  return day <= 10 ? recentMonths(2)[1][0] : thisMonth();
}

/** This month and the `count - 1` before it, newest first, as [YYYY-MM, "2026年3月"]: what a report may be for. */
export function recentMonths(count = 12): [string, string][] {
  const [year, month] = thisMonth().split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const index = year * 12 + month - 1 - i;
    const y = Math.floor(index / 12);
    const m = (index % 12) + 1;
    return [`${y}-${String(m).padStart(2, '0')}`, `${y}年${m}月`];
  });
}
