import { indicatorRow, type BoardState, type IndicatorRowDetail } from '@battlemap/events';

/** A metric as the board knows it: its id and the label its targets carry ("规上工业总产值"). */
export interface KnownMetric {
  metric: string;
  label: string;
  unit: string;
}

/** Every metric with a target on the board, by label: what a new target or a report is usually for. */
export function knownMetrics(state: BoardState): KnownMetric[] {
  const byMetric: Record<string, KnownMetric> = {};
  for (const indicator of Object.values(state.indicators)) {
    if (!indicator.unit) continue;
    const seen = byMetric[indicator.metric];
    if (!seen || (indicator.label && seen.label === seen.metric)) {
      byMetric[indicator.metric] = { metric: indicator.metric, label: indicator.label ?? indicator.metric, unit: indicator.unit };
    }
  }
  return Object.values(byMetric).sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
}

/** The years any indicator is set for, and this one, newest first. */
export function indicatorYears(state: BoardState, thisYear: number): number[] {
  const years = new Set([thisYear, ...Object.values(state.indicators).map((i) => i.year)]);
  return [...years].sort((a, b) => b - a);
}

/** One year's indicators, optionally in one region, as the board's rows; by region then label. */
export function indicatorRows(state: BoardState, year: number, regionId: string): IndicatorRowDetail[] {
  return Object.values(state.indicators)
    .filter((i) => i.year === year && (!regionId || i.regionId === regionId))
    .map(indicatorRow)
    .sort(
      (a, b) =>
        (state.regions[a.regionId]?.name ?? a.regionId).localeCompare(state.regions[b.regionId]?.name ?? b.regionId, 'zh-CN') ||
        (a.label ?? a.metric).localeCompare(b.label ?? b.metric, 'zh-CN'),
    );
}
