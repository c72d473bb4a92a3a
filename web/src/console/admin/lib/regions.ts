import type { BoardState, RegionState } from '@battlemap/events';

export const REGION_KIND_LABELS: Record<RegionState['kind'], string> = { city: '市', county: '县区', park: '园区' };

const KIND_ORDER: Record<RegionState['kind'], number> = { city: 0, county: 1, park: 2 };

/** The board's regions as lists show them: the city, then counties, then parks, each by name. */
export function sortedRegions(state: BoardState | null, withCity = true): RegionState[] {
  return Object.values(state?.regions ?? {})
    .filter((r) => withCity || r.kind !== 'city')
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name, 'zh-CN'));
}
