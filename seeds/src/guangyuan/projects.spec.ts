import { readFileSync } from 'node:fs';
import type { Stage } from '@battlemap/events';
import { type RegionMap, pointInGeometry } from '@battlemap/events';
import { GUANGYUAN_MAP_PATH } from './map';
import { PEOPLE } from './people';
import { buildProjects, type ProjectSeed, STAGE_SHARES } from './projects';
import { COUNTIES, COUNTY_IDS } from './regions';
import { TASK_FORCES } from './task-forces';

const BASE_YEAR = 2025;
const projects = buildProjects(BASE_YEAR);

/** Read straight from the file, so the check does not lean on the generator's own lookup. */
const map = JSON.parse(readFileSync(GUANGYUAN_MAP_PATH, 'utf8')) as RegionMap;
const geometryOf = (regionId: string) => {
  const county = COUNTIES.find((c) => c.id === regionId)!;
  return map.features.find((f) => f.properties.name === county.featureName)!.geometry;
};

const countBy = <K extends string>(items: ProjectSeed[], key: (p: ProjectSeed) => K) =>
  items.reduce((counts, p) => counts.set(key(p), (counts.get(key(p)) ?? 0) + 1), new Map<K, number>());

/** The projects seed 003 names, as it writes them. */
const NAMED_IN_SEED_003: (string | RegExp)[] = [
  '厦门晋东12万吨热轧板',
  '青川阜成50万吨绿色循环变形铝合金',
  '广美新材料50万吨绿色循环再生铝',
  /^通威.*年产40万吨绿色硅材/,
  '硅基新材料产业园建设项目',
  '广西华纳年产30万吨纳米新材料',
  '铁骑力士川陕甘国际优食谷',
  '川娃子火锅食材产业园',
  '中煤广元煤电一体化',
  '天然气支管道',
  '宝珠寺“水风光储”多能互补综合能源示范',
];

const CONTRACT_KEYS = new Set([
  'id',
  'name',
  'taskForceId',
  'regionId',
  'owner',
  'kind',
  'totalInvestment',
  'annualPlanInvestment',
  'stage',
  'stageOn',
  'plannedStart',
  'plannedCompletion',
  'location',
  'leadUnit',
  'leaderId',
]);

describe('buildProjects', () => {
  it('gives the same projects for the same seed, and others for another seed', () => {
    expect(buildProjects(BASE_YEAR)).toEqual(projects);
    expect(buildProjects(BASE_YEAR, 7)).not.toEqual(projects);
  });

  it('moves only the dates when the base year moves', () => {
    const strip = ({ stageOn, plannedStart, plannedCompletion, ...rest }: ProjectSeed) => rest;
    const later = buildProjects(BASE_YEAR + 1);
    expect(later.map(strip)).toEqual(projects.map(strip));
    expect(later.every((p) => p.stageOn.startsWith(String(BASE_YEAR)))).toBe(true);
  });

  it('makes about 400 projects with unique ids and names', () => {
    expect(projects.length).toBeGreaterThanOrEqual(380);
    expect(projects.length).toBeLessThanOrEqual(420);
    expect(new Set(projects.map((p) => p.id)).size).toBe(projects.length);
    expect(new Set(projects.map((p) => p.name)).size).toBe(projects.length);
    expect(projects.every((p) => /^p\d{4}$/.test(p.id))).toBe(true);
  });

  it('places every project inside its own county polygon', () => {
    const outside = projects.filter((p) => !pointInGeometry(p.location, geometryOf(p.regionId)));
    expect(outside).toEqual([]);
  });

  it('includes every project seed 003 names', () => {
    for (const named of NAMED_IN_SEED_003) {
      const found = projects.filter((p) => (typeof named === 'string' ? p.name.includes(named) : named.test(p.name)));
      expect({ named: String(named), found: found.length }).toEqual({ named: String(named), found: 1 });
    }
  });

  it('refers only to task forces, counties and leaders that exist', () => {
    const industryTaskForces = new Set(TASK_FORCES.filter((t) => t.kind === 'industry').map((t) => t.id));
    const leaders = new Set(PEOPLE.filter((p) => p.role !== 'inspector').map((p) => p.id));
    const counties = new Set<string>(COUNTY_IDS);
    expect(projects.filter((p) => !industryTaskForces.has(p.taskForceId))).toEqual([]);
    expect(projects.filter((p) => !counties.has(p.regionId))).toEqual([]);
    expect(projects.filter((p) => !leaders.has(p.leaderId))).toEqual([]);
  });

  it('gives every county and every industry task force projects', () => {
    const byCounty = countBy(projects, (p) => p.regionId);
    expect(COUNTY_IDS.filter((id) => !byCounty.get(id))).toEqual([]);
    const byTaskForce = countBy(projects, (p) => p.taskForceId);
    expect(TASK_FORCES.filter((t) => t.kind === 'industry' && !byTaskForce.get(t.id))).toEqual([]);
  });

  it.each([20260101, 1, 99])('keeps the stage mix near its shares (seed %d)', (seed) => {
    const all = buildProjects(BASE_YEAR, seed);
    const byStage = countBy(all, (p) => p.stage);
    for (const [stage, share] of Object.entries(STAGE_SHARES) as [Stage, number][]) {
      expect(Math.abs((byStage.get(stage) ?? 0) / all.length - share)).toBeLessThanOrEqual(0.02);
    }
  });

  it('fills in exactly the POST /api/projects body', () => {
    for (const p of projects) {
      expect(Object.keys(p).filter((k) => !CONTRACT_KEYS.has(k))).toEqual([]);
      expect(['新建', '扩建', '技改', '续建']).toContain(p.kind);
      expect(Number.isInteger(p.totalInvestment) && Number.isInteger(p.annualPlanInvestment)).toBe(true);
      expect(p.annualPlanInvestment).toBeGreaterThanOrEqual(0.15 * p.totalInvestment);
      expect(p.annualPlanInvestment).toBeLessThanOrEqual(0.45 * p.totalInvestment);
      expect(p.stageOn).toMatch(new RegExp(`^${BASE_YEAR - 1}-(0[1-9]|1[0-2])-(0[1-9]|1\\d|2[0-8])$`));
      expect(p.owner.length).toBeGreaterThan(0);
      expect(p.leadUnit.length).toBeGreaterThan(0);
      if (p.stage !== 'negotiating') {
        expect(p.plannedStart).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
        expect(p.plannedCompletion).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
        expect(p.plannedStart! < p.plannedCompletion!).toBe(true);
      }
    }
  });

  it('is mostly mid-sized, with some large projects and a few very large ones', () => {
    const share = (min: number, max: number) =>
      projects.filter((p) => p.totalInvestment >= min && p.totalInvestment < max).length / projects.length;
    expect(share(5_000, 50_000)).toBeGreaterThan(0.5);
    expect(share(100_000, 500_000)).toBeGreaterThan(0.05);
    expect(share(500_000, Infinity)).toBeGreaterThan(0);
    expect(share(500_000, Infinity)).toBeLessThan(0.06);
  });
});
