import { GeometryIndex, type LngLat, type RegionGeometry, pointInGeometry } from './geo';
import { mulberry32 } from './random';

/** A jagged ring round (cx, cy): `points` vertices at random radii, like a county's border. */
function jaggedRing(random: () => number, cx: number, cy: number, radius: number, points: number): LngLat[] {
  const ring: LngLat[] = [];
  for (let k = 0; k < points; k++) {
    const angle = (2 * Math.PI * k) / points;
    const r = radius * (0.55 + 0.45 * random());
    ring.push([cx + r * Math.cos(angle), cy + r * Math.sin(angle)]);
  }
  // Flat edges and repeated latitudes, which ray casting treats specially.
  ring.splice(10, 0, [ring[9][0] + 0.001, ring[9][1]], [ring[9][0] + 0.002, ring[9][1]]);
  ring.push(ring[0]);
  return ring;
}

describe('GeometryIndex', () => {
  it('answers as pointInGeometry does, for points anywhere, on vertex latitudes and on vertices, holes and several polygons included', () => {
    const random = mulberry32(13);
    const geometry: RegionGeometry = {
      type: 'MultiPolygon',
      coordinates: [
        [jaggedRing(random, 105.8, 32.4, 0.5, 3_000), jaggedRing(random, 105.8, 32.4, 0.15, 400)],
        [jaggedRing(random, 106.9, 32.1, 0.3, 800)],
      ],
    };
    const index = new GeometryIndex(geometry, 64);
    const vertices = geometry.coordinates.flat(2);
    const points: LngLat[] = [];
    for (let k = 0; k < 8_000; k++) points.push([105 + 2.5 * random(), 31.4 + 1.6 * random()]);
    // On a vertex's latitude (the ray passes through vertices), and on the vertices themselves.
    for (let k = 0; k < 3_000; k++) points.push([105 + 2.5 * random(), vertices[k % vertices.length][1]]);
    points.push(...vertices.slice(0, 2_000));
    let inside = 0;
    for (const point of points) {
      const expected = pointInGeometry(point, geometry);
      if (index.contains(point) !== expected) throw new Error(`disagrees at ${point.join(',')}: expected ${expected}`);
      if (expected) inside++;
    }
    // Both answers are common, the holes and the second polygon seen too.
    expect(inside).toBeGreaterThan(points.length / 10);
    expect(inside).toBeLessThan(points.length * 0.9);
    expect(index.contains([105.8, 32.4])).toBe(false);
    expect(index.contains([106.9, 32.1])).toBe(true);
    expect(index.contains([105.8 + 0.4 * 0.5, 32.4])).toBe(pointInGeometry([105.8 + 0.4 * 0.5, 32.4], geometry));
  });

  it('takes one band or many, and a ring with no height', () => {
    const square: RegionGeometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [2, 0],
          [2, 2],
          [0, 2],
          [0, 0],
        ],
      ],
    };
    for (const bands of [1, 3, 1_000]) {
      const index = new GeometryIndex(square, bands);
      for (const point of [
        [1, 1],
        [1, 0],
        [1, 2],
        [-1, 1],
        [3, 1],
        [1, -0.5],
        [1, 1.999],
      ] as LngLat[])
        expect(index.contains(point)).toBe(pointInGeometry(point, square));
    }
    const line: RegionGeometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 1],
          [2, 1],
          [0, 1],
        ],
      ],
    };
    expect(new GeometryIndex(line).contains([1, 1])).toBe(false);
  });
});
