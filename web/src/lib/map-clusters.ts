import { GeometryIndex, type LngLat, type Light, type ProjectRow, type RegionMap } from '@battlemap/events';
import type { BBox } from './map-data.svelte';

/**
 * Above this many projects on a map showing all its counties, each county is drawn as one labelled
 * bubble (its count and its red lights) and only the red projects keep their own markers: a province's
 * 15,000 markers on one screen are a blur nobody can read from across a room. A city's ~700 stay markers.
 */
export const AGGREGATE_ABOVE = 1_500;

/** One county of the map as the zoomed-out province board draws it. */
export interface CountyCluster {
  /** The map feature's name (the county). */
  name: string;
  /** Where its bubble and label go: the feature's label point, else the middle of its box. */
  at: LngLat;
  count: number;
  red: number;
  yellow: number;
  /** The worst light among its projects. */
  worst: Light;
}

interface Feature {
  name: string;
  box: BBox;
  /** Its shape, indexed: a province's first paint places 15,000 projects on borders of thousands of points. */
  shape: GeometryIndex;
  at: LngLat;
}

/**
 * Which map feature (county) a location lies in. Projects are counted where they are drawn, so a
 * county's bubble counts exactly the markers it stands for, whatever the regions are called. Answers
 * are remembered per location (a project rarely moves), so a board of 15,000 recomputes in a millisecond.
 */
export class CountyLocator {
  readonly features: Feature[];
  #memo = new Map<string, Feature>();
  /** The same answers by the location array itself: a live view keeps a project's row, and its location, until it changes. */
  #byArray = new WeakMap<LngLat, Feature>();
  #byName: Map<string, Feature>;

  constructor(geo: RegionMap, boxes: Map<string, BBox>) {
    this.features = geo.features.flatMap((f) => {
      const box = boxes.get(f.properties.name);
      if (!box) return [];
      const at: LngLat = f.properties.cp ?? [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
      return [{ name: f.properties.name, box, shape: new GeometryIndex(f.geometry), at }];
    });
    this.#byName = new Map(this.features.map((f) => [f.name, f]));
  }

  /**
   * The feature holding the location; one just outside every shape (on a border) goes to the nearest
   * label point. `likely` (the name of the project's region) is tried first: usually the only polygon tested.
   */
  countyOf(location: LngLat, likely?: string): Feature | null {
    const same = this.#byArray.get(location);
    if (same) return same;
    const key = `${location[0]},${location[1]}`;
    const known = this.#memo.get(key);
    if (known) {
      this.#byArray.set(location, known);
      return known;
    }
    const [lng, lat] = location;
    const holds = (f: Feature) => lng >= f.box[0] && lng <= f.box[2] && lat >= f.box[1] && lat <= f.box[3] && f.shape.contains(location);
    const hinted = likely === undefined ? undefined : this.#byName.get(likely);
    let found = hinted && holds(hinted) ? hinted : this.features.find((f) => f !== hinted && holds(f));
    if (!found) {
      let best = Infinity;
      for (const f of this.features) {
        const d = (f.at[0] - lng) ** 2 + (f.at[1] - lat) ** 2;
        if (d < best) [best, found] = [d, f];
      }
    }
    if (found) {
      this.#memo.set(key, found);
      this.#byArray.set(location, found);
    }
    return found ?? null;
  }
}

const WORSE: Record<Light, number> = { green: 0, yellow: 1, red: 2 };

/** The projects counted per county, in the map's feature order; counties without projects are left out. */
export function clusterByCounty(projects: ProjectRow[], locator: CountyLocator, regionNames: Map<string, string>): CountyCluster[] {
  const byName = new Map<string, CountyCluster>();
  for (const p of projects) {
    const county = locator.countyOf(p.location, regionNames.get(p.regionId));
    if (!county) continue;
    let cluster = byName.get(county.name);
    if (!cluster) {
      cluster = { name: county.name, at: county.at, count: 0, red: 0, yellow: 0, worst: 'green' };
      byName.set(county.name, cluster);
    }
    cluster.count++;
    if (p.light === 'red') cluster.red++;
    else if (p.light === 'yellow') cluster.yellow++;
    if (WORSE[p.light] > WORSE[cluster.worst]) cluster.worst = p.light;
  }
  return locator.features.flatMap((f) => byName.get(f.name) ?? []);
}

/**
 * The projects counted per county, kept from one take of the rows to the next: a live view makes a new row
 * only for a project that changed, so each take looks up the county of those rows alone and moves their
 * counts, instead of placing every row again (a province's 14,703 once a second, 5–40 ms of the page's
 * task). The answer is clusterByCounty's. Rows that left (a project terminated) count everything again.
 */
export class CountyTally {
  #locator: CountyLocator | null = null;
  #rows = new Map<string, { row: ProjectRow; county: Feature | null }>();
  #counts = new Map<string, { count: number; red: number; yellow: number }>();

  clusters(projects: readonly ProjectRow[], locator: CountyLocator, regionNames: Map<string, string>): CountyCluster[] {
    if (locator !== this.#locator || projects.length < this.#rows.size) this.#reset(locator);
    this.#take(projects, locator, regionNames);
    // More rows kept than given: some left. Counted again from the rows given.
    if (this.#rows.size !== projects.length) {
      this.#reset(locator);
      this.#take(projects, locator, regionNames);
    }
    return locator.features.flatMap((f) => {
      const c = this.#counts.get(f.name);
      if (!c || c.count === 0) return [];
      const worst: Light = c.red > 0 ? 'red' : c.yellow > 0 ? 'yellow' : 'green';
      return [{ name: f.name, at: f.at, count: c.count, red: c.red, yellow: c.yellow, worst }];
    });
  }

  #take(projects: readonly ProjectRow[], locator: CountyLocator, regionNames: Map<string, string>): void {
    for (const p of projects) {
      const was = this.#rows.get(p.id);
      if (was?.row === p) continue;
      if (was) this.#count(was.row, was.county, -1);
      const county = locator.countyOf(p.location, regionNames.get(p.regionId));
      this.#rows.set(p.id, { row: p, county });
      this.#count(p, county, 1);
    }
  }

  #reset(locator: CountyLocator): void {
    this.#locator = locator;
    this.#rows.clear();
    this.#counts.clear();
  }

  #count(p: ProjectRow, county: Feature | null, by: 1 | -1): void {
    if (!county) return;
    let c = this.#counts.get(county.name);
    if (!c) this.#counts.set(county.name, (c = { count: 0, red: 0, yellow: 0 }));
    c.count += by;
    if (p.light === 'red') c.red += by;
    else if (p.light === 'yellow') c.yellow += by;
  }
}
