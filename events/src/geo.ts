import { mulberry32 } from './random';

/**
 * The region map of GET /api/map: GeoJSON of the region's counties (MAP_GEOJSON, by default the
 * Guangyuan map in seeds/), typed as far as the board reads it, with the geometry the demo and the
 * wallboard need. Pure.
 */

export type LngLat = [lng: number, lat: number];
type Ring = LngLat[];

export type RegionGeometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

export interface RegionFeature {
  type: 'Feature';
  id?: string | number;
  /** `name` labels the county on the map; `cp` is where (else the middle of its box). */
  properties: { name: string; adcode?: string; cp?: LngLat; [key: string]: unknown };
  geometry: RegionGeometry;
}

export interface RegionMap {
  type: 'FeatureCollection';
  features: RegionFeature[];
}

export interface BBox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

function polygonsOf(geometry: RegionGeometry): Ring[][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Even–odd ray casting; on a ring edge the answer may go either way. */
function insideRing([x, y]: LngLat, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring of some polygon and outside all of its holes. */
export function pointInGeometry(point: LngLat, geometry: RegionGeometry): boolean {
  return polygonsOf(geometry).some(([outer, ...holes]) => insideRing(point, outer) && !holes.some((hole) => insideRing(point, hole)));
}

/** One ring with its edges sorted into horizontal bands: a point meets only the edges that span its latitude. */
class BandedRing {
  readonly #xs: Float64Array;
  readonly #ys: Float64Array;
  readonly #minY: number;
  readonly #maxY: number;
  readonly #height: number;
  /** Per band, the index `i` of each edge (i-1, i) whose latitudes overlap the band. */
  readonly #bands: number[][];

  constructor(ring: Ring, bands: number) {
    const n = ring.length;
    this.#xs = Float64Array.from(ring, (p) => p[0]);
    this.#ys = Float64Array.from(ring, (p) => p[1]);
    // Not Math.min(...ys): a ring of a hundred thousand points would overflow the call's arguments.
    this.#minY = this.#ys.reduce((a, b) => Math.min(a, b), Infinity);
    this.#maxY = this.#ys.reduce((a, b) => Math.max(a, b), -Infinity);
    this.#height = (this.#maxY - this.#minY) / bands || 1;
    this.#bands = Array.from({ length: bands }, () => []);
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const [lo, hi] = this.#ys[i] < this.#ys[j] ? [this.#ys[i], this.#ys[j]] : [this.#ys[j], this.#ys[i]];
      // A flat edge never crosses a ray (insideRing skips it too).
      if (lo === hi) continue;
      for (let b = this.#band(lo); b <= this.#band(hi); b++) this.#bands[b].push(i);
    }
  }

  /** Monotonic in `y`, so an edge spanning `y` is always filed under `y`'s band. */
  #band(y: number): number {
    return Math.min(this.#bands.length - 1, Math.max(0, Math.floor((y - this.#minY) / this.#height)));
  }

  /** insideRing's answer, from the edges of one band. */
  contains(x: number, y: number): boolean {
    // No edge has min ≤ y < max outside [minY, maxY): the ray crosses nothing.
    if (!(y >= this.#minY && y < this.#maxY)) return false;
    const xs = this.#xs;
    const ys = this.#ys;
    const last = xs.length - 1;
    let inside = false;
    for (const i of this.#bands[this.#band(y)]) {
      const j = i === 0 ? last : i - 1;
      const xi = xs[i];
      const yi = ys[i];
      const xj = xs[j];
      const yj = ys[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }
}

/**
 * `pointInGeometry` for many points against one geometry, with the same answers: a county's border
 * has thousands of points, and a province's board asks for 15,000 projects at once.
 */
export class GeometryIndex {
  readonly #polygons: BandedRing[][];

  constructor(geometry: RegionGeometry, bands = 256) {
    this.#polygons = polygonsOf(geometry).map((rings) => rings.map((ring) => new BandedRing(ring, bands)));
  }

  contains([x, y]: LngLat): boolean {
    return this.#polygons.some(([outer, ...holes]) => outer.contains(x, y) && !holes.some((hole) => hole.contains(x, y)));
  }
}

/** The box around a county: its outer rings (holes lie inside them). */
export function bboxOf(geometry: RegionGeometry): BBox {
  const box: BBox = { minLng: Infinity, minLat: Infinity, maxLng: -Infinity, maxLat: -Infinity };
  for (const polygon of polygonsOf(geometry)) {
    for (const [lng, lat] of polygon[0]) {
      box.minLng = Math.min(box.minLng, lng);
      box.minLat = Math.min(box.minLat, lat);
      box.maxLng = Math.max(box.maxLng, lng);
      box.maxLat = Math.max(box.maxLat, lat);
    }
  }
  return box;
}

/**
 * A point inside the geometry, drawn from its box by a seeded PRNG until one falls inside: the same
 * seed gives the same point, so a row without coordinates lands in the same place on every import.
 * Rounded to 5 decimals (about a metre), as coordinates are written in ledgers.
 */
export function pointInside(geometry: RegionGeometry, seed: number, attempts = 2_000): LngLat | undefined {
  const random = mulberry32(seed);
  const box = bboxOf(geometry);
  for (let i = 0; i < attempts; i++) {
    const point: LngLat = [
      Math.round((box.minLng + random() * (box.maxLng - box.minLng)) * 1e5) / 1e5,
      Math.round((box.minLat + random() * (box.maxLat - box.minLat)) * 1e5) / 1e5,
    ];
    if (pointInGeometry(point, geometry)) return point;
  }
  return undefined;
}
