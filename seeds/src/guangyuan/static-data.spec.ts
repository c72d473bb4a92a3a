import { existsSync } from 'node:fs';
import { pointInGeometry } from '@battlemap/events';
import { buildIndicatorTargets, INDICATOR_METRICS } from './indicators';
import { countyAt, countyGeometry, GUANGYUAN_MAP_PATH, loadGuangyuanMap } from './map';
import { PEOPLE, UNITS } from './people';
import { CITY_ID, COUNTIES, PARKS } from './regions';
import { TASK_FORCES } from './task-forces';

describe('the Guangyuan map', () => {
  it('is found beside the sources and holds the seven county-level divisions', () => {
    expect(existsSync(GUANGYUAN_MAP_PATH)).toBe(true);
    const names = loadGuangyuanMap()
      .features.map((f) => f.properties.name)
      .sort();
    expect(names).toEqual(COUNTIES.map((c) => c.featureName).sort());
  });

  it('puts each county seat and park centre in its own county, and only there', () => {
    for (const county of COUNTIES) expect([county.id, countyAt(county.seat)]).toEqual([county.id, county.id]);
    for (const park of PARKS) expect([park.id, countyAt(park.center)]).toEqual([park.id, park.regionId]);
  });

  it('answers no county far outside the city', () => {
    expect(countyAt([104.06, 30.67])).toBeUndefined(); // Chengdu
    expect(pointInGeometry([104.06, 30.67], countyGeometry('lizhou'))).toBe(false);
  });
});

describe('task forces and people', () => {
  const personIds = new Set(PEOPLE.map((p) => p.id));
  const unitNames = new Set(UNITS.map((u) => u.name));

  it('is "1+17": one factor-guarantee task force and 17 industry ones, each led and staffed', () => {
    expect(TASK_FORCES.filter((t) => t.kind === 'factor')).toHaveLength(1);
    expect(TASK_FORCES.filter((t) => t.kind === 'industry')).toHaveLength(17);
    expect(new Set(TASK_FORCES.map((t) => t.id)).size).toBe(TASK_FORCES.length);
    for (const t of TASK_FORCES) {
      expect(t.id).toMatch(/^[a-z-]+$/);
      expect([t.chiefId, ...t.deputyChiefIds].filter((id) => !personIds.has(id))).toEqual([]);
      expect(t.deputyChiefIds.length).toBeGreaterThan(0);
      expect([t.leadUnit, ...t.memberUnits].filter((u) => !unitNames.has(u))).toEqual([]);
    }
    const chiefsAndDeputies = new Set(TASK_FORCES.flatMap((t) => [t.chiefId, ...t.deputyChiefIds]));
    expect(chiefsAndDeputies.size).toBe(35);
    expect(new Set(TASK_FORCES.map((t) => t.leadUnit)).size).toBe(13);
  });

  it('gives people and units unique ids and people unique names', () => {
    expect(new Set(PEOPLE.map((p) => p.id)).size).toBe(PEOPLE.length);
    expect(new Set(PEOPLE.map((p) => p.name)).size).toBe(PEOPLE.length);
    expect(new Set(UNITS.map((u) => u.id)).size).toBe(UNITS.length);
    expect(unitNames.size).toBe(UNITS.length);
  });
});

describe('buildIndicatorTargets', () => {
  const rows = buildIndicatorTargets(2025);

  it('sets every metric for the city and each county', () => {
    expect(rows).toHaveLength(INDICATOR_METRICS.length * (COUNTIES.length + 1));
    expect(rows.every((r) => Number.isInteger(r.target) && r.target > 0 && r.unit === '万元' && r.year === 2025)).toBe(true);
  });

  it('puts 规上工业总产值 near 1,500亿元, with counties adding up to most of the city', () => {
    for (const year of [2024, 2025, 2026, 2035]) {
      const ofYear = buildIndicatorTargets(year);
      for (const { metric } of INDICATOR_METRICS) {
        const city = ofYear.find((r) => r.metric === metric && r.regionId === CITY_ID)!.target;
        const counties = ofYear.filter((r) => r.metric === metric && r.regionId !== CITY_ID).reduce((s, r) => s + r.target, 0);
        expect(counties / city).toBeGreaterThan(0.9);
        expect(counties / city).toBeLessThanOrEqual(1);
      }
    }
    const aboveScale = rows.find((r) => r.metric === 'industrialOutputAboveScale' && r.regionId === CITY_ID)!;
    expect(aboveScale).toMatchObject({ label: '规上工业总产值', target: 15_000_000, growthTarget: 0.08 });
  });

  it('asks for growth year on year', () => {
    const city = (year: number) => buildIndicatorTargets(year).find((r) => r.metric === 'taxRevenue' && r.regionId === CITY_ID)!.target;
    expect(city(2026)).toBeGreaterThan(city(2025));
  });
});
