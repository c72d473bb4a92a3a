/** The county shapes of GET /api/map, loaded once; retried quietly while the server is away. */
export interface MapFeature {
  type: 'Feature';
  id?: string | number;
  properties: { name: string; cp?: [number, number]; [key: string]: unknown };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

export interface MapCollection {
  type: 'FeatureCollection';
  features: MapFeature[];
}

export type BBox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

export class MapData {
  geo = $state.raw<MapCollection | null>(null);
  /** Feature name → bounding box, for zooming to a county. */
  boxes = $state.raw<Map<string, BBox>>(new Map());
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  /** Loads the map; calls `refused` on 401/403 so the screen can say it needs a token. */
  async load(token: string, refused: () => void): Promise<void> {
    let wait = 2_000;
    while (!this.#closed) {
      try {
        const response = await fetch('/api/map', { headers: { Authorization: `Bearer ${token}` } });
        if (response.status === 401 || response.status === 403) {
          refused();
          wait = 60_000;
        } else if (response.ok) {
          const geo = (await response.json()) as MapCollection;
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

  #accept(geo: MapCollection): void {
    const boxes = new Map<string, BBox>();
    for (const feature of geo.features) boxes.set(feature.properties.name, bboxOf(feature.geometry.coordinates));
    this.boxes = boxes;
    this.geo = geo;
  }
}

function bboxOf(coordinates: unknown): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (node: unknown): void => {
    if (!Array.isArray(node)) return;
    if (typeof node[0] === 'number' && typeof node[1] === 'number') {
      box[0] = Math.min(box[0], node[0]);
      box[1] = Math.min(box[1], node[1]);
      box[2] = Math.max(box[2], node[0]);
      box[3] = Math.max(box[3], node[1]);
      return;
    }
    for (const child of node) visit(child);
  };
  visit(coordinates);
  return box;
}
