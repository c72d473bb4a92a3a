/** Where a project's marker goes: inside its county, often clustered in one of its parks. */
import { bboxOf, type LngLat } from '@battlemap/events';
import type { Random } from '../random';
import { countyAt, countyGeometry } from './map';
import { COUNTIES, type CountyId, PARKS, type Park, parksIn } from './regions';

export interface Placement {
  location: LngLat;
  park?: Park;
}

export interface PlacementRule {
  /** A given park (named projects). */
  parkId?: string;
  /** Otherwise the chance of clustering in a park of this focus. */
  parkShare: number;
  parkFocus?: Park['focus'];
}

/** About 2 km: a park's projects sit around its centre, not on top of each other. */
const PARK_SPREAD = 0.018;
const SEAT_SPREAD = 0.05;

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

function choosePark(rng: Random, countyId: CountyId, rule: PlacementRule): Park | undefined {
  if (rule.parkId) {
    const park = PARKS.find((p) => p.id === rule.parkId);
    if (!park || park.regionId !== countyId) throw new Error(`park ${rule.parkId} is not in ${countyId}`);
    return park;
  }
  if (!rng.chance(rule.parkShare)) return undefined;
  const parks = parksIn(countyId);
  const focused = parks.filter((p) => p.focus === (rule.parkFocus ?? 'industry'));
  const candidates = focused.length > 0 ? focused : parks.filter((p) => p.focus === 'industry');
  return candidates.length > 0 ? rng.pick(candidates) : undefined;
}

/** Rejection sampling: draw until the point falls inside the county's polygon, and only its. */
function sample(rng: Random, countyId: CountyId, draw: () => LngLat, attempts: number): LngLat | undefined {
  for (let i = 0; i < attempts; i++) {
    const [lng, lat] = draw();
    const point: LngLat = [round5(lng), round5(lat)];
    if (countyAt(point) === countyId) return point;
  }
  return undefined;
}

export function placeProject(rng: Random, countyId: CountyId, rule: PlacementRule): Placement {
  const park = choosePark(rng, countyId, rule);
  if (park) {
    const [lng, lat] = park.center;
    const location = sample(rng, countyId, () => [lng + rng.normal() * PARK_SPREAD, lat + rng.normal() * PARK_SPREAD], 200);
    if (location) return { location, park };
  }
  const county = COUNTIES.find((c) => c.id === countyId)!;
  const box = bboxOf(countyGeometry(countyId));
  const nearSeat = rng.chance(0.35);
  const location = sample(
    rng,
    countyId,
    () =>
      nearSeat
        ? [county.seat[0] + rng.normal() * SEAT_SPREAD, county.seat[1] + rng.normal() * SEAT_SPREAD]
        : [rng.between(box.minLng, box.maxLng), rng.between(box.minLat, box.maxLat)],
    10_000,
  );
  if (!location) throw new Error(`could not place a project in ${countyId}`);
  return { location };
}
