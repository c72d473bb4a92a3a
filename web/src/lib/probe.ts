import type { BoardViewDetail, EventEnvelope } from '@battlemap/events';
import type { BoardStore, Connection } from './board-store.svelte';
import { echarts } from './echarts';
import { bubbleCanvasOf } from './bubble-canvas';
import { applyAffine, markerCanvasOf } from './marker-canvas';

/**
 * A window on what the screen has folded and shows, as `window.__battlemap`, for the browser tests. It
 * reads the store and the map; only `feed` changes anything, and only this screen's own copy of the
 * board, exactly as a socket `events` message would (the memory test folds 100,000 events through it).
 * Since `feed` lets anyone with devtools put events on a command-room screen, only test builds
 * (`vite build --mode test`, into web/dist-test) install it: the production bundle has none of this file.
 */
interface WallboardProbe {
  /** The last position folded in. */
  position(): string | null;
  /** The view the panels are drawn from (recomputed at most every 250 ms). */
  view(): BoardViewDetail | null;
  connection(): Connection;
  /** Markers drawn on the map's markers canvas, or null before the map is drawn. */
  mapMarkers(): number | null;
  /** The projects those markers stand for (a zoomed-out province draws only its red ones), or null before the map is drawn. */
  mapProjectIds(): string[] | null;
  /** The county bubbles of a zoomed-out province (empty when every project has its own marker), or null before the map is drawn. */
  mapCounties(): { name: string; count: number; red: number }[] | null;
  /** Page coordinates (CSS px) of a county bubble's centre, or null when no bubble has that name. */
  mapCountyPoint(name: string): { x: number; y: number } | null;
  /** The county labels of a zoomed-out province as drawn (their plates, page coordinates), or null before the map is drawn. */
  mapLabelBoxes(): { name: string; left: number; top: number; right: number; bottom: number }[] | null;
  /** Page coordinates (CSS px) of a map location, or null before the map is drawn. */
  mapPoint(location: [number, number]): { x: number; y: number } | null;
  /** The same on the chart under the markers that draws the counties: the two must agree. */
  baseMapPoint(location: [number, number]): { x: number; y: number } | null;
  /** Where the markers canvas drew (or would draw) a location, in page coordinates, or null before it drew. */
  markerPoint(location: [number, number]): { x: number; y: number } | null;
  feed(envelopes: EventEnvelope[]): void;
}

declare global {
  interface Window {
    __battlemap?: WallboardProbe;
  }
}

function mapChart(layer = 'canvas') {
  const host = document.querySelector<HTMLElement>(`.map .${layer}`);
  return host ? { host, chart: echarts.getInstanceByDom(host) } : null;
}

function pagePoint(layer: string, location: [number, number]): { x: number; y: number } | null {
  const found = mapChart(layer);
  if (!found?.chart) return null;
  const pixel = found.chart.convertToPixel({ geoIndex: 0 }, location) as number[] | undefined;
  if (!pixel || !Number.isFinite(pixel[0])) return null;
  const box = found.host.getBoundingClientRect();
  return { x: box.left + pixel[0], y: box.top + pixel[1] };
}

function markers() {
  const canvas = document.querySelector<HTMLCanvasElement>('.map canvas.markers');
  const layer = canvas && markerCanvasOf(canvas);
  return layer?.drawn ? { canvas: canvas!, layer } : null;
}

function bubbles() {
  const canvas = document.querySelector<HTMLCanvasElement>('.map canvas.bubbles');
  const layer = canvas && bubbleCanvasOf(canvas);
  return layer?.drawn ? { box: canvas!.getBoundingClientRect(), layer } : null;
}

/** Installs the probe; returns its removal. */
export function exposeProbe(store: BoardStore): () => void {
  const probe: WallboardProbe = {
    position: () => store.position,
    view: () => store.view,
    connection: () => store.connection,
    mapMarkers() {
      return markers()?.layer.items.length ?? null;
    },
    mapProjectIds() {
      return markers()?.layer.items.map((p) => (p as { id: string }).id) ?? null;
    },
    mapCounties() {
      if (!markers()) return null;
      return (bubbles()?.layer.bubbles ?? []).map(({ name, count, red }) => ({ name, count, red }));
    },
    mapCountyPoint(name) {
      const found = bubbles();
      const bubble = found?.layer.bubbles.find((b) => b.name === name);
      return found && bubble ? { x: found.box.left + bubble.x, y: found.box.top + bubble.y } : null;
    },
    mapLabelBoxes() {
      const found = bubbles();
      if (!found || !markers()) return null;
      const { left, top } = found.box;
      return found.layer
        .labelBoxes()
        .map((b) => ({ name: b.name, left: left + b.left, top: top + b.top, right: left + b.right, bottom: top + b.bottom }));
    },
    mapPoint: (location) => pagePoint('canvas', location),
    baseMapPoint: (location) => pagePoint('base', location),
    markerPoint(location) {
      const found = markers();
      if (!found?.layer.projection) return null;
      const box = found.canvas.getBoundingClientRect();
      const { x, y } = applyAffine(found.layer.projection, location);
      return { x: box.left + x, y: box.top + y };
    },
    feed: (envelopes) => store.applyEvents(envelopes),
  };
  window.__battlemap = probe;
  return () => {
    if (window.__battlemap === probe) delete window.__battlemap;
  };
}
