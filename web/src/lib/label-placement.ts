/**
 * Where the labels of a zoomed-out province's county bubbles go. A city's districts lie round its seat,
 * a few bubbles' widths apart, and a label above each bubble covered its neighbours' (a label reads
 * "利州区 / 4,403 个项目 红灯 891" across a room only if nothing lies on it). Each label is tried beside
 * its bubble on eight sides, then a step further out on each (moved inside the map where it would leave it),
 * and takes the place that covers the least of the labels already placed and of the bubbles, and that lies
 * nearer its own bubble than any other.
 */

/** A bubble (centre and radius) and the size of its label, in pixels. */
export interface LabelSpot {
  x: number;
  y: number;
  radius: number;
  width: number;
  height: number;
  /** Where its label was placed last time, if anywhere: it stays there unless clearly better off elsewhere. */
  was?: { side: number; ring: number };
}

/** A placed label: its centre, in pixels, and which of the tried places it is (give it back as `was`). */
export interface LabelPlace {
  x: number;
  y: number;
  side: number;
  ring: number;
}

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Above, below, right, left, then the corners: the first side that is free wins. */
const SIDES: [number, number][] = [
  [0, -1],
  [0, 1],
  [1, 0],
  [-1, 0],
  [1, -1],
  [-1, -1],
  [1, 1],
  [-1, 1],
];
/** How many steps out from the bubble a label may go, each half its height further. */
const RINGS = 7;
/**
 * What a covered pixel costs: another label's (or its own bubble's) most, another bubble's least (it shows
 * round a plate). A label is never partly outside the map (it is moved in), unless it is larger than the map.
 */
const COVER_LABEL = 10;
const COVER_OUTSIDE = 30;
const COVER_BUBBLE = 1;
/** A label nearer another bubble than its own reads as that bubble's: it costs as much as covering a fifth of a label. */
const NEARER_OTHER = 0.2 * COVER_LABEL;
/** How much worse (in covered pixels of another bubble, as a share of its own area) a label's old place may be and keep it. */
const STAY = 0.05 * COVER_BUBBLE;
/** Each step further out costs as much as covering this many red dots: a label goes out of its way for a few. */
const DOTS_PER_RING = 4;

/**
 * Red dots the labels keep clear of where they can (the red dots are drawn over the labels, and a label
 * read through a crowd of them is not read): how many lie in a rectangle, counted on a grid.
 */
export class DotField {
  readonly #cell: number;
  readonly #columns: number;
  readonly #rows: number;
  /** Summed-area table: how many dots lie in the cells above and left of each corner. */
  readonly #sums: Int32Array;

  constructor(dots: Iterable<{ x: number; y: number }>, area: { width: number; height: number }, cell = 4) {
    this.#cell = cell;
    this.#columns = Math.max(1, Math.ceil(area.width / cell));
    this.#rows = Math.max(1, Math.ceil(area.height / cell));
    const stride = this.#columns + 1;
    const sums = new Int32Array(stride * (this.#rows + 1));
    for (const { x, y } of dots) {
      if (!(x >= 0 && y >= 0 && x < area.width && y < area.height)) continue;
      sums[(Math.floor(y / cell) + 1) * stride + Math.floor(x / cell) + 1]++;
    }
    for (let r = 1; r <= this.#rows; r++)
      for (let c = 1; c <= this.#columns; c++) {
        const at = r * stride + c;
        sums[at] += sums[at - 1] + sums[at - stride] - sums[at - stride - 1];
      }
    this.#sums = sums;
  }

  /** The dots whose cells lie within the rectangle (a dot's cell is 4 px: near enough). */
  count(rect: Rect): number {
    const stride = this.#columns + 1;
    const c0 = clampIndex(Math.round(rect.left / this.#cell), this.#columns);
    const c1 = clampIndex(Math.round(rect.right / this.#cell), this.#columns);
    const r0 = clampIndex(Math.round(rect.top / this.#cell), this.#rows);
    const r1 = clampIndex(Math.round(rect.bottom / this.#cell), this.#rows);
    const s = this.#sums;
    return s[r1 * stride + c1] - s[r0 * stride + c1] - s[r1 * stride + c0] + s[r0 * stride + c0];
  }
}

const clampIndex = (index: number, most: number) => Math.max(0, Math.min(most, index));

/**
 * The centre of each spot's label, in the order given (the caller puts the ones that matter most first:
 * they get the nearest free place). `gap` is the space between a bubble and its label; `dots`, the red
 * dots to keep clear of and what covering one costs (in covered pixels of another label: its box's area).
 */
export function placeLabels(
  spots: LabelSpot[],
  area: { width: number; height: number },
  gap: number,
  dots?: { field: DotField; size: number },
): LabelPlace[] {
  const placed: Rect[] = [];
  const bubbles: Rect[] = spots.map((s) => {
    // The square inside the circle, so a label may touch a round bubble's corner.
    const half = s.radius * 0.75;
    return { left: s.x - half, top: s.y - half, right: s.x + half, bottom: s.y + half };
  });
  const dotCost = dots ? COVER_LABEL * dots.size * dots.size : 0;
  const ringCost = DOTS_PER_RING * dotCost;
  return spots.map((spot, index) => {
    const candidate = (side: number, ring: number) => {
      const [dx, dy] = SIDES[side];
      const out = spot.radius + gap + (ring * spot.height) / 2;
      const reach = dx !== 0 && dy !== 0 ? out * Math.SQRT1_2 : out;
      // Moved inside the map where it would leave it: beside a bubble at the map's edge, it slides along.
      const place = {
        x: within(spot.x + dx * (reach + spot.width / 2), spot.width / 2, area.width - spot.width / 2),
        y: within(spot.y + dy * (reach + spot.height / 2), spot.height / 2, area.height - spot.height / 2),
        side,
        ring,
      };
      const rect = rectAt(place, spot);
      const cost = costOf(rect, index, spot) + ring * ringCost + (dots ? dotCost * dots.field.count(rect) : 0);
      return { place, rect, cost };
    };
    let best: ReturnType<typeof candidate> | null = null;
    // Further rings only while one could still cost less (each costs ringCost more than the last).
    for (let ring = 0; ring < RINGS && !(best && (best.cost === 0 || best.cost <= ring * ringCost)); ring++) {
      for (let side = 0; side < SIDES.length; side++) {
        const tried = candidate(side, ring);
        // Strictly less: a later side or ring wins only when it costs less.
        if (!best || tried.cost < best.cost) best = tried;
        if (tried.cost === 0) break;
      }
    }
    // A label stays where it was unless it has somewhere clearly better to go: labels that hop about
    // each time a count or a red dot changes are hard to follow on a screen.
    if (spot.was && spot.was.side < SIDES.length && spot.was.ring < RINGS) {
      const stay = candidate(spot.was.side, spot.was.ring);
      const stick = Math.max(ringCost, STAY * spot.width * spot.height);
      if (stay.cost <= best!.cost + stick) best = stay;
    }
    placed.push(best!.rect);
    return best!.place;
  });

  function costOf(rect: Rect, index: number, spot: LabelSpot): number {
    let cost = 0;
    for (const other of placed) cost += COVER_LABEL * overlap(rect, other);
    const own = reachOf(rect, spot) - spot.radius;
    for (let i = 0; i < bubbles.length; i++) {
      if (i === index) {
        // Slid inside the map, a label may come over its own bubble.
        cost += COVER_LABEL * overlap(rect, bubbles[i]);
        continue;
      }
      cost += COVER_BUBBLE * overlap(rect, bubbles[i]);
      if (reachOf(rect, spots[i]) - spots[i].radius < own) cost += NEARER_OTHER * (rect.right - rect.left) * (rect.bottom - rect.top);
    }
    const inside = overlap(rect, { left: 0, top: 0, right: area.width, bottom: area.height });
    cost += COVER_OUTSIDE * ((rect.right - rect.left) * (rect.bottom - rect.top) - inside);
    return cost;
  }
}

/** `value` brought between `low` and `high` (`low` wins when the two cross: a label wider than the map). */
function within(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}

function rectAt(place: LabelPlace, size: { width: number; height: number }): Rect {
  return {
    left: place.x - size.width / 2,
    top: place.y - size.height / 2,
    right: place.x + size.width / 2,
    bottom: place.y + size.height / 2,
  };
}

/** How far a rectangle lies from a point (0 when the point is inside it). */
function reachOf(rect: Rect, point: { x: number; y: number }): number {
  return Math.hypot(Math.max(rect.left - point.x, 0, point.x - rect.right), Math.max(rect.top - point.y, 0, point.y - rect.bottom));
}

/** The area two rectangles share. */
export function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}
