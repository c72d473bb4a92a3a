import type { Light } from '@battlemap/events';
import { LIGHT_COLORS } from './palette';

/** One county's bubble as a zoomed-out province draws it: where (CSS px), how big, its ring, its label. */
export interface DrawnBubble {
  name: string;
  count: number;
  red: number;
  /** The bubble's centre, in CSS px from the canvas's corner. */
  x: number;
  y: number;
  /** Diameter, CSS px. */
  size: number;
  /** Its worst light, the ring's colour. */
  worst: Light;
  /** The label plate's centre, CSS px from the canvas's corner. */
  labelX: number;
  labelY: number;
}

/** A drawn bubble's label plate, in CSS px from the canvas's corner. */
export interface LabelBox {
  name: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The label's two lines: the county, then its count and (when any) its red lights. */
const countText = (c: { count: number }) => `${c.count.toLocaleString('zh-CN')} 个项目`;
const redText = (c: { red: number }) => `红灯 ${c.red}`;

/** Sizes in rem of the label (the look the chart's rich-text labels had). */
const NAME_REM = 1.3;
const COUNT_REM = 1.15;
const LINE_REM = 1.6;
const PAD_X_REM = 0.5;
const PAD_Y_REM = 0.2;
const PLATE_BORDER_REM = 0.06;
const PLATE_RADIUS_REM = 0.3;
const TEXT_BORDER_REM = 0.28;
const RING_REM = 0.2;
const GLOW_REM = 1;
/** Between the counts and the red lights, in the name's size. */
const GAP = '  ';

/** Drawings a look not drawn is kept for (about a minute of a province's redraws, one a second). */
const SPRITE_DRAWINGS = 60;

/** The chart's own font, which the labels had. */
const FONT = (px: number) => `bold ${px}px sans-serif`;

let measurer: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null = null;
/** Widths measured lately: a label's texts are measured to place it and again to draw it, every second. */
const widths = new Map<string, number>();
function textWidth(text: string, px: number): number {
  const key = `${px}|${text}`;
  const known = widths.get(key);
  if (known !== undefined) return known;
  measurer ??= newCanvas(1, 1).ctx;
  measurer.font = FONT(px);
  const width = measurer.measureText(text).width;
  if (widths.size >= 4096) widths.clear();
  widths.set(key, width);
  return width;
}

/** The width and height (CSS px) of a county's label plate, border included, at `rem` px. */
export function labelSize(c: { name: string; count: number; red: number }, rem: number): { width: number; height: number } {
  const counts =
    textWidth(countText(c), rem * COUNT_REM) + (c.red > 0 ? textWidth(GAP, rem * NAME_REM) + textWidth(redText(c), rem * COUNT_REM) : 0);
  const border = rem * PLATE_BORDER_REM * 2;
  return {
    width: Math.max(textWidth(c.name, rem * NAME_REM), counts) + rem * PAD_X_REM * 2 + border,
    height: rem * LINE_REM * 2 + rem * PAD_Y_REM * 2 + border,
  };
}

/**
 * The county bubbles and their labels of a zoomed-out province, on a canvas of our own. Each bubble's
 * glowing disc is drawn once into an image, kept while its look stays, and a redraw is one `drawImage` per
 * bubble and the labels' text. As an ECharts series (rich-text labels on plates) every change of a count
 * went through the chart's models, elements and layout again: 25–60 ms each second on a province's
 * screen, the page's longest task.
 */
export class BubbleCanvas {
  readonly canvas: HTMLCanvasElement;
  #context: CanvasRenderingContext2D;
  #sprites = new Map<string, Sprite>();
  #bubbles: readonly DrawnBubble[] = [];
  #rem = 16;
  #drawings = 0;
  #drawn = false;

  constructor(canvas: HTMLCanvasElement) {
    this.canvas = canvas;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    this.#context = context;
    canvases.set(canvas, this);
  }

  /** The bubbles last drawn. */
  get bubbles(): readonly DrawnBubble[] {
    return this.#bubbles;
  }

  /** Whether anything was drawn yet (an empty list drawn counts). */
  get drawn(): boolean {
    return this.#drawn;
  }

  /** The label plates last drawn. */
  labelBoxes(): LabelBox[] {
    return this.#bubbles.map((b) => {
      const { width, height } = labelSize(b, this.#rem);
      return {
        name: b.name,
        left: b.labelX - width / 2,
        top: b.labelY - height / 2,
        right: b.labelX + width / 2,
        bottom: b.labelY + height / 2,
      };
    });
  }

  /** Draws every bubble, then every label over them, on a `width`×`height` CSS px canvas. */
  draw(bubbles: readonly DrawnBubble[], rem: number, width: number, height: number): void {
    const ratio = window.devicePixelRatio || 1;
    const [w, h] = [Math.round(width * ratio), Math.round(height * ratio)];
    if (this.canvas.width !== w || this.canvas.height !== h) [this.canvas.width, this.canvas.height] = [w, h];
    const ctx = this.#context;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const drawing = ++this.#drawings;
    for (const b of bubbles) {
      const sprite = this.#bubble(b.size, b.worst, rem, ratio);
      sprite.drawing = drawing;
      ctx.drawImage(sprite.image, Math.round(b.x * ratio - sprite.side / 2), Math.round(b.y * ratio - sprite.side / 2));
    }
    // A bubble whose count or worst light changed left its old look behind; a light that flips back soon
    // finds it still there (a glow is slow to draw).
    if (this.#sprites.size > 2 * bubbles.length + 64) {
      for (const [key, sprite] of this.#sprites) {
        if (sprite.drawing >= drawing - SPRITE_DRAWINGS) continue;
        if (sprite.image instanceof ImageBitmap) sprite.image.close();
        this.#sprites.delete(key);
      }
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    for (const b of bubbles) this.#label(b, rem);
    this.#bubbles = bubbles;
    this.#rem = rem;
    this.#drawn = true;
  }

  /** A disc washed in blue, ringed in its worst light's colour, glowing: drawn once per look (the glow is slow to draw). */
  #bubble(size: number, worst: Light, rem: number, ratio: number): Sprite {
    const diameter = Math.round(size * ratio * 2) / 2;
    const key = `${diameter}|${worst}|${rem}|${ratio}`;
    const known = this.#sprites.get(key);
    if (known) return known;
    const ring = rem * RING_REM * ratio;
    const glow = rem * GLOW_REM * ratio;
    const radius = diameter / 2;
    const side = 2 * Math.ceil(radius + ring / 2 + glow * 1.5 + 1);
    const { ctx, finish } = newCanvas(side, side);
    ctx.shadowColor = 'rgba(54, 201, 255, 0.6)';
    ctx.shadowBlur = glow;
    ctx.beginPath();
    ctx.arc(side / 2, side / 2, radius, 0, 2 * Math.PI);
    ctx.fillStyle = 'rgba(54, 201, 255, 0.28)';
    ctx.fill();
    ctx.lineWidth = ring;
    ctx.strokeStyle = LIGHT_COLORS[worst];
    ctx.stroke();
    const sprite = { image: finish(), side, drawing: this.#drawings };
    this.#sprites.set(key, sprite);
    return sprite;
  }

  /**
   * The county's name over its count and red lights, white and bold on a dark plate with a blue edge,
   * centred on its place. Drawn as text each time: a province's red counts change every second, and
   * an image per label made anew was slower than the text itself.
   */
  #label(c: DrawnBubble, rem: number): void {
    const ctx = this.#context;
    const { width, height } = labelSize(c, rem);
    const border = rem * PLATE_BORDER_REM;
    // The plate: its border's middle on the edge of the padded text, as the chart drew it.
    const [left, top] = [c.labelX - width / 2 + border / 2, c.labelY - height / 2 + border / 2];
    const [plateW, plateH] = [width - border, height - border];
    ctx.beginPath();
    ctx.roundRect(left, top, plateW, plateH, rem * PLATE_RADIUS_REM);
    ctx.fillStyle = 'rgba(4, 14, 34, 0.78)';
    ctx.fill();
    ctx.lineWidth = border;
    ctx.strokeStyle = 'rgba(63, 169, 255, 0.6)';
    ctx.stroke();

    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    ctx.lineJoin = 'round';
    ctx.lineWidth = rem * TEXT_BORDER_REM;
    ctx.strokeStyle = 'rgba(2, 10, 26, 0.95)';
    const firstLine = top + rem * PAD_Y_REM + (rem * LINE_REM) / 2;
    const lines: { text: string; px: number; color: string }[][] = [
      [{ text: c.name, px: rem * NAME_REM, color: '#ffffff' }],
      [
        { text: countText(c), px: rem * COUNT_REM, color: '#ffffff' },
        ...(c.red > 0
          ? [
              { text: GAP, px: rem * NAME_REM, color: '#ffffff' },
              { text: redText(c), px: rem * COUNT_REM, color: LIGHT_COLORS.red },
            ]
          : []),
      ],
    ];
    lines.forEach((runs, i) => {
      const y = firstLine + i * rem * LINE_REM;
      const widths = runs.map((run) => textWidth(run.text, run.px));
      let x = c.labelX - widths.reduce((sum, w) => sum + w, 0) / 2;
      runs.forEach((run, k) => {
        if (run.text.trim()) {
          ctx.font = FONT(run.px);
          ctx.strokeText(run.text, x, y);
          ctx.fillStyle = run.color;
          ctx.fillText(run.text, x, y);
        }
        x += widths[k];
      });
    });
  }
}

interface Sprite {
  image: CanvasImageSource;
  /** Device px. */
  side: number;
  /** The drawing that last used it. */
  drawing: number;
}

/** A small canvas to draw a sprite in: an ImageBitmap where the browser has them (drawing a canvas into a canvas copies it every time). */
function newCanvas(width: number, height: number) {
  if (typeof OffscreenCanvas === 'function') {
    const offscreen = new OffscreenCanvas(width, height);
    const ctx = offscreen.getContext('2d')!;
    return { ctx, finish: (): CanvasImageSource => offscreen.transferToImageBitmap() };
  }
  const element = Object.assign(document.createElement('canvas'), { width, height });
  return { ctx: element.getContext('2d')!, finish: (): CanvasImageSource => element };
}

const canvases = new WeakMap<HTMLCanvasElement, BubbleCanvas>();

/** The bubble layer drawing on a canvas element, if any (for the test probe). */
export function bubbleCanvasOf(canvas: HTMLCanvasElement): BubbleCanvas | null {
  return canvases.get(canvas) ?? null;
}
