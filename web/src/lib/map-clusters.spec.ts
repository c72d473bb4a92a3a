import { describe, expect, it } from '@jest/globals';
import { mulberry32, type Light, type ProjectRow, type RegionMap } from '@battlemap/events';
import { clusterByCounty, CountyLocator, CountyTally } from './map-clusters';
import type { BBox } from './map-data.svelte';

/** Four square counties side by side, 1° wide, and their boxes. */
function squares(): { geo: RegionMap; boxes: Map<string, BBox> } {
  const names = ['甲县', '乙县', '丙区', '丁县'];
  const geo: RegionMap = {
    type: 'FeatureCollection',
    features: names.map((name, i) => ({
      type: 'Feature',
      properties: { name },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [105 + i, 32],
            [106 + i, 32],
            [106 + i, 33],
            [105 + i, 33],
            [105 + i, 32],
          ],
        ],
      },
    })),
  };
  return { geo, boxes: new Map(names.map((name, i): [string, BBox] => [name, [105 + i, 32, 106 + i, 33]])) };
}

const LIGHTS: Light[] = ['green', 'yellow', 'red'];

function row(id: string, random: () => number): ProjectRow {
  return {
    id,
    name: id,
    stage: 'started',
    stalled: false,
    terminated: false,
    light: LIGHTS[Math.floor(random() * 3)],
    lightReasons: [],
    progress: 0,
    regionId: `r-${Math.floor(random() * 4)}`,
    taskForceId: 'tf',
    // Some just outside every county: counted with the nearest label point.
    location: [104.9 + random() * 4.2, 31.95 + random() * 1.1],
    totalInvestment: 1,
    annualPlanInvestment: 1,
    yearInvestment: 0,
  };
}

describe('CountyTally', () => {
  it('counts each take of the rows as clusterByCounty does, as rows change, leave and come', () => {
    const { geo, boxes } = squares();
    const locator = new CountyLocator(geo, boxes);
    const regionNames = new Map([0, 1, 2, 3].map((i) => [`r-${i}`, geo.features[i].properties.name]));
    const random = mulberry32(7);
    let rows = Array.from({ length: 400 }, (_, i) => row(`p${i}`, random));
    let next = rows.length;
    const tally = new CountyTally();
    const takes: string[] = [];
    for (let take = 0; take < 60; take++) {
      expect(tally.clusters(rows, locator, regionNames)).toEqual(clusterByCounty(rows, locator, regionNames));
      rows = rows.map((r) => {
        const dice = random();
        // A light changes (a new row, the same location array, as a live view makes it).
        if (dice < 0.05) return { ...r, light: LIGHTS[(LIGHTS.indexOf(r.light) + 1) % 3] };
        // The project moves: a new location array.
        if (dice < 0.07) return { ...row(r.id, random), light: r.light };
        return r;
      });
      if (take % 7 === 3) {
        rows = rows.filter(() => random() > 0.02);
        takes.push('left');
      }
      if (take % 5 === 1) {
        rows = [...rows, row(`p${next++}`, random), row(`p${next++}`, random)];
        takes.push('came');
      }
      // Rows that left and rows that came in the same take: as many as before.
      if (take % 11 === 5) {
        rows = [...rows.slice(1), row(`p${next++}`, random)];
        takes.push('swapped');
      }
    }
    expect(takes).toEqual(expect.arrayContaining(['left', 'came', 'swapped']));
  });

  it('a red light that turns green takes its county back to yellow, then green, as its worst', () => {
    const { geo, boxes } = squares();
    const locator = new CountyLocator(geo, boxes);
    const at = (light: Light, id: string): ProjectRow => ({ ...row(id, mulberry32(1)), light, location: [105.5, 32.5] });
    const tally = new CountyTally();
    const names = new Map<string, string>();
    const worst = (rows: ProjectRow[]) => tally.clusters(rows, locator, names).map((c) => [c.name, c.count, c.red, c.yellow, c.worst]);
    expect(worst([at('red', 'a'), at('yellow', 'b')])).toEqual([['甲县', 2, 1, 1, 'red']]);
    expect(worst([at('green', 'a'), at('yellow', 'b')])).toEqual([['甲县', 2, 0, 1, 'yellow']]);
    expect(worst([at('green', 'a'), at('green', 'b')])).toEqual([['甲县', 2, 0, 0, 'green']]);
    expect(worst([at('green', 'a')])).toEqual([['甲县', 1, 0, 0, 'green']]);
    expect(worst([])).toEqual([]);
  });
});
