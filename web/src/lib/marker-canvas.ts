import type { LngLat } from '@battlemap/events';

/** How one marker looks; sizes in CSS px. Markers of the same look share one pre-drawn image. */
export interface MarkerLook {
  /** Diameter of the disc. */
  size: number;
  fill: string;
  stroke: string;
  /** 0 draws no border. */
  strokeWidth: number;
  /** Of the whole marker, border included. */
  opacity: number;
}

/**
 * Where a location lands on the map, in CSS px from the map's corner: x = a·lng + b·lat + c,
 * y = d·lng + e·lat + f. An ECharts geo without a `projection` option lays the map out by exactly
 * such a transform (a scale with y flipped and aspectScale applied, then the view's translate).
 */
export type Affine = readonly [a: number, b: number, c: number, d: number, e: number, f: number];

/**
 * The affine transform through three points the map itself placed (`origin`, one degree east of it,
 * one degree north of it), or null while the map places nothing.
 */
export function affineThrough(toPixel: (at: LngLat) => readonly number[] | null | undefined, origin: LngLat): Affine | null {
  const [lng, lat] = origin;
  const o = toPixel([lng, lat]);
  const east = toPixel([lng + 1, lat]);
  const north = toPixel([lng, lat + 1]);
  if (!o || !east || !north || ![...o, ...east, ...north].every(Number.isFinite)) return null;
  const [a, d] = [east[0] - o[0], east[1] - o[1]];
  const [b, e] = [north[0] - o[0], north[1] - o[1]];
  return [a, b, o[0] - a * lng - b * lat, d, e, o[1] - d * lng - e * lat];
}

export function applyAffine(t: Affine, [lng, lat]: LngLat): { x: number; y: number } {
  return { x: t[0] * lng + t[1] * lat + t[2], y: t[3] * lng + t[4] * lat + t[5] };
}

/** Pre-drawn markers kept at most: a county's markers come in a few dozen looks. */
const MAX_SPRITES = 512;

/**
 * The map's project markers, drawn on a canvas of our own rather than as an ECharts series: a province
 * screen redraws thousands of them every second as lights change, and ECharts spent 100–500 ms a time
 * rebuilding its models and elements for them. Each look is drawn once into a small image, and every
 * marker is one `drawImage` of it: thousands take a few milliseconds. The canvas sits over (or under)
 * the ECharts chart and takes no pointer events; `markerAt` answers which marker is under the pointer.
 */
export class MarkerCanvas<T> {
  readonly canvas: HTMLCanvasElement;
  #context: CanvasRenderingContext2D;
  #sprites = new Map<string, Sprite>();
  #items: readonly T[] = [];
  #looks: MarkerLook[] = [];
  #xs = new Float64Array(0);
  #ys = new Float64Array(0);
  #projection: Affine | null = null;
  #drawn = false;

  constructor(canvas: HTMLCanvasElement) {
    this.canvas = canvas;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    this.#context = context;
    canvases.set(canvas, this as MarkerCanvas<unknown>);
  }

  /** The items last drawn, in drawing order (the last on top). */
  get items(): readonly T[] {
    return this.#items;
  }

  /** Whether anything was drawn yet (an empty list drawn counts). */
  get drawn(): boolean {
    return this.#drawn;
  }

  /** The transform of the last drawing, or null before it. */
  get projection(): Affine | null {
    return this.#projection;
  }

  /**
   * Draws `items` in order, the last on top, over a `width`×`height` CSS px canvas, each where
   * `projection` puts its location.
   */
  draw(
    items: readonly T[],
    locate: (item: T) => LngLat,
    lookOf: (item: T) => MarkerLook,
    projection: Affine,
    width: number,
    height: number,
  ): void {
    const ratio = window.devicePixelRatio || 1;
    const [w, h] = [Math.round(width * ratio), Math.round(height * ratio)];
    if (this.canvas.width !== w || this.canvas.height !== h) [this.canvas.width, this.canvas.height] = [w, h];
    const ctx = this.#context;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    if (this.#sprites.size > MAX_SPRITES) {
      for (const { image } of this.#sprites.values()) if (image instanceof ImageBitmap) image.close();
      this.#sprites.clear();
    }
    const xs = this.#xs.length >= items.length ? this.#xs : new Float64Array(items.length);
    const ys = this.#ys.length >= items.length ? this.#ys : new Float64Array(items.length);
    const looks: MarkerLook[] = new Array(items.length);
    const [a, b, c, d, e, f] = projection;
    for (let i = 0; i < items.length; i++) {
      const [lng, lat] = locate(items[i]);
      const look = lookOf(items[i]);
      const x = a * lng + b * lat + c;
      const y = d * lng + e * lat + f;
      xs[i] = x;
      ys[i] = y;
      looks[i] = look;
      if (x < -look.size || y < -look.size || x > width + look.size || y > height + look.size) continue;
      const sprite = this.#sprite(look, ratio);
      const half = sprite.side / 2;
      ctx.drawImage(sprite.image, Math.round(x * ratio - half), Math.round(y * ratio - half));
    }
    this.#items = items;
    this.#looks = looks;
    this.#xs = xs;
    this.#ys = ys;
    this.#projection = projection;
    this.#drawn = true;
  }

  /** The topmost item drawn at (x, y) CSS px, with `slack` px round each marker, or null. */
  markerAt(x: number, y: number, slack = 2): T | null {
    for (let i = this.#items.length - 1; i >= 0; i--) {
      const look = this.#looks[i];
      const reach = look.size / 2 + look.strokeWidth / 2 + slack;
      const [dx, dy] = [this.#xs[i] - x, this.#ys[i] - y];
      if (dx * dx + dy * dy <= reach * reach) return this.#items[i];
    }
    return null;
  }

  #sprite(look: MarkerLook, ratio: number): Sprite {
    const key = `${look.size}|${look.fill}|${look.stroke}|${look.strokeWidth}|${look.opacity}|${ratio}`;
    const known = this.#sprites.get(key);
    if (known) return known;
    const radius = (look.size / 2) * ratio;
    const line = look.strokeWidth * ratio;
    // An even side, so the disc's centre falls on a pixel corner, as the marker's rounded position does.
    const side = 2 * Math.ceil(radius + line / 2 + 1);
    // An ImageBitmap where the browser has them: drawing a canvas into a canvas copies it every time.
    const offscreen = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(side, side) : null;
    const element = offscreen ? null : Object.assign(document.createElement('canvas'), { width: side, height: side });
    const ctx = (offscreen?.getContext('2d') ?? element!.getContext('2d'))!;
    ctx.globalAlpha = look.opacity;
    ctx.beginPath();
    ctx.arc(side / 2, side / 2, radius, 0, 2 * Math.PI);
    ctx.fillStyle = look.fill;
    ctx.fill();
    if (line > 0) {
      ctx.lineWidth = line;
      ctx.strokeStyle = look.stroke;
      ctx.stroke();
    }
    const sprite = { image: offscreen ? offscreen.transferToImageBitmap() : element!, side };
    this.#sprites.set(key, sprite);
    return sprite;
  }
}

interface Sprite {
  image: CanvasImageSource;
  side: number;
}

const canvases = new WeakMap<HTMLCanvasElement, MarkerCanvas<unknown>>();

/** The marker layer drawing on a canvas element, if any (for the test probe). */
export function markerCanvasOf(canvas: HTMLCanvasElement): MarkerCanvas<unknown> | null {
  return canvases.get(canvas) ?? null;
}
