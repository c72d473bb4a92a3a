import type { IndicatorRowDetail } from '@battlemap/events';
import { monthText } from './china-time';

/**
 * The rows of the one region on screen: the county chosen, else the city itself (a city-wide view
 * carries every region's rows; without a known city, the first region's rows stand in).
 */
export function indicatorsFor(rows: IndicatorRowDetail[], regionId: string | null): IndicatorRowDetail[] {
  const id = regionId ?? rows[0]?.regionId;
  return rows.filter((r) => r.regionId === id);
}

/** "数据截至 2026年10月", from the latest month any row was reported for. */
export function asOfNote(rows: IndicatorRowDetail[]): string {
  const latest = rows.reduce<string | null>((max, r) => (r.month && (!max || r.month > max) ? r.month : max), null);
  return latest ? `数据截至 ${monthText(latest)}` : '本年度尚无数据上报';
}
