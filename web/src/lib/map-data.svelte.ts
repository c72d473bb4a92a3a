import { bboxOf, type RegionMap } from '@battlemap/events';

/** A county's box as the map zooms to it: [minLng, minLat, maxLng, maxLat]. */
export type BBox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

/** The county shapes of GET /api/map, loaded once; retried quietly while the server is away. */
export class MapData {
  geo = $state.raw<RegionMap | null>(null);
  /** Feature name → bounding box, for zooming to a county. */
  boxes = $state.raw<Map<string, BBox>>(new Map());
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  /** Loads the map (taking a prefetched answer first); calls `refused` on 401/403 so the screen can say it needs a token. */
  async load(token: string, refused: () => void, prefetched: Promise<Response | null> | null = null): Promise<void> {
    let wait = 2_000;
    let first = prefetched;
    while (!this.#closed) {
      try {
        // The page's entry script may have asked already (GET /api/map beside the board's snapshot).
        const response = (first && (await first)) || (await fetch('/api/map', { headers: { Authorization: `Bearer ${token}` } }));
        first = null;
        if (response.status === 401 || response.status === 403) {
          refused();
          wait = 60_000;
        } else if (response.ok) {
          const geo = (await response.json()) as RegionMap;
          this.#accept(geo);
          return;
        }
      } catch {
        // the server is restarting or the network is down: try again below
      }
      await new Promise((resolve) => (this.#timer = setTimeout(resolve, wait)));
      wait = Math.min(wait * 2, 60_000);
    }
  }

  dispose(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  #accept(geo: RegionMap): void {
    const boxes = new Map<string, BBox>();
    for (const feature of geo.features) {
      const box = bboxOf(feature.geometry);
      boxes.set(feature.properties.name, [box.minLng, box.minLat, box.maxLng, box.maxLat]);
    }
    this.boxes = boxes;
    this.geo = geo;
  }
}
