import { describe, expect, it } from '@jest/globals';
import { DotField, overlap, placeLabels, type LabelPlace, type LabelSpot } from './label-placement';

const rectOf = (place: LabelPlace, spot: LabelSpot) => ({
  left: place.x - spot.width / 2,
  top: place.y - spot.height / 2,
  right: place.x + spot.width / 2,
  bottom: place.y + spot.height / 2,
});

describe('placeLabels', () => {
  it('puts a lone label right above its bubble, clear of it', () => {
    const spot = { x: 300, y: 200, radius: 40, width: 150, height: 50 };
    const [place] = placeLabels([spot], { width: 800, height: 500 }, 4);
    expect(place).toEqual({ x: 300, y: 200 - 40 - 4 - 25, side: 0, ring: 0 });
  });

  it('puts a label below its bubble when above would leave the map', () => {
    const spot = { x: 300, y: 30, radius: 20, width: 150, height: 50 };
    const [place] = placeLabels([spot], { width: 800, height: 500 }, 4);
    expect(place).toEqual({ x: 300, y: 30 + 20 + 4 + 25, side: 1, ring: 0 });
  });

  it("slides a label along the map's edge rather than leave the map, clear of its bubble", () => {
    const spot = { x: 780, y: 200, radius: 30, width: 190, height: 58 };
    const [place] = placeLabels([spot], { width: 800, height: 500 }, 4);
    const rect = rectOf(place, spot);
    expect(rect.right).toBeLessThanOrEqual(800);
    expect(place.y).toBe(200 - 30 - 4 - 29);
    expect(rect.bottom).toBeLessThanOrEqual(200 - 30);
  });

  it('keeps the labels of a crowded city apart, inside the map and near their bubbles', () => {
    // The seven bubbles of the province board's 1920×1080 screenshot (map pixels): five round the seat.
    const at: [number, number, number][] = [
      [785, 350, 44],
      [1020, 355, 36],
      [900, 305, 33],
      [905, 395, 33],
      [1180, 405, 36],
      [785, 465, 30],
      [1060, 550, 38],
    ];
    const spots = at.map(([x, y, radius]) => ({ x, y, radius, width: 190, height: 58 }));
    const area = { width: 880, height: 520 };
    const shifted = spots.map((s) => ({ ...s, x: s.x - 520, y: s.y - 170 }));
    const places = placeLabels(shifted, area, 4);
    const rects = places.map((p, i) => rectOf(p, shifted[i]));
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) expect([i, j, overlap(rects[i], rects[j])]).toEqual([i, j, 0]);
      expect(rects[i].left).toBeGreaterThanOrEqual(0);
      expect(rects[i].top).toBeGreaterThanOrEqual(0);
      expect(rects[i].right).toBeLessThanOrEqual(area.width);
      expect(rects[i].bottom).toBeLessThanOrEqual(area.height);
      // Never further than two label heights beyond its bubble's edge.
      const far = Math.hypot(places[i].x - shifted[i].x, places[i].y - shifted[i].y);
      expect(far).toBeLessThanOrEqual(shifted[i].radius + shifted[i].width / 2 + 2 * shifted[i].height);
    }
  });

  it('gives the first spot the best place: two bubbles side by side share the sky by order', () => {
    const spots = [
      { x: 400, y: 300, radius: 30, width: 200, height: 50 },
      { x: 460, y: 300, radius: 30, width: 200, height: 50 },
    ];
    const [first, second] = placeLabels(spots, { width: 900, height: 600 }, 4);
    expect(first).toMatchObject({ x: 400, y: 300 - 30 - 4 - 25 });
    expect(overlap(rectOf(first, spots[0]), rectOf(second, spots[1]))).toBe(0);
    expect(second.y).toBeGreaterThan(300);
  });

  it('moves a label off a crowd of red dots, to the nearest side that is clear', () => {
    const spot = { x: 400, y: 300, radius: 30, width: 150, height: 50 };
    // Dots fill the space above the bubble and to its right; below it and to its left are clear.
    const dots: { x: number; y: number }[] = [];
    for (let x = 300; x <= 600; x += 10) for (let y = 180; y <= 270; y += 10) dots.push({ x, y });
    for (let x = 440; x <= 620; x += 10) for (let y = 270; y <= 330; y += 10) dots.push({ x, y });
    const area = { width: 900, height: 600 };
    const field = new DotField(dots, area);
    const [place] = placeLabels([spot], area, 4, { field, size: 8 });
    expect(field.count(rectOf(place, spot))).toBe(0);
    expect(place).toMatchObject({ x: 400, y: 300 + 30 + 4 + 25 });
    // Without the dots it goes above, as always.
    expect(placeLabels([spot], area, 4)[0].y).toBeLessThan(300);
  });
  it('keeps a label where it was when a dot or two arrives there, and moves it off another label', () => {
    const spot = { x: 400, y: 300, radius: 30, width: 150, height: 50 };
    const area = { width: 900, height: 600 };
    const below = { side: 1, ring: 0 };
    // Two red dots where the label was (below) and none above: it stays below.
    const field = new DotField(
      [
        { x: 390, y: 350 },
        { x: 410, y: 360 },
      ],
      area,
    );
    const [stayed] = placeLabels([{ ...spot, was: below }], area, 4, { field, size: 8 });
    expect(stayed).toMatchObject({ side: 1, ring: 0, y: 300 + 30 + 4 + 25 });
    // Without where it was, the same dots send it above.
    expect(placeLabels([spot], area, 4, { field, size: 8 })[0]).toMatchObject({ side: 0, ring: 0 });
    // Another label now lies where it was: it moves.
    const other = { x: 400, y: 420, radius: 30, width: 150, height: 50 };
    const [placedOther, moved] = placeLabels([other, { ...spot, was: below }], area, 4);
    expect(placedOther).toMatchObject({ side: 0, ring: 0 });
    expect(moved).toMatchObject({ side: 0, ring: 0 });
  });
});

describe('DotField', () => {
  it('counts the dots in a rectangle, to its 4 px cells', () => {
    const field = new DotField(
      [
        { x: 10, y: 10 },
        { x: 50, y: 50 },
        { x: 52, y: 53 },
        { x: 900, y: 10 },
        { x: -5, y: 3 },
      ],
      { width: 200, height: 100 },
    );
    expect(field.count({ left: 0, top: 0, right: 200, bottom: 100 })).toBe(3);
    expect(field.count({ left: 40, top: 40, right: 60, bottom: 60 })).toBe(2);
    expect(field.count({ left: 0, top: 0, right: 20, bottom: 20 })).toBe(1);
    expect(field.count({ left: 100, top: 0, right: 200, bottom: 100 })).toBe(0);
    expect(field.count({ left: -50, top: -50, right: 500, bottom: 500 })).toBe(3);
  });
});
