/**
 * About 400 key projects of the Guangyuan demo, generated from the task forces' templates plus
 * the projects seed 003 names. Each is a `POST /api/projects` body (public contract v1), as the
 * project stood when the demo history begins on 1 January of `baseYear`.
 */
import type { LngLat, ProjectKind, Stage } from '@battlemap/events';
import { Random } from '../random';
import { type NamedProject, NAMED_PROJECTS } from './named-projects';
import { chooseProduct, makeCompany, makeProjectName } from './naming';
import { countyLeaders, unitName } from './people';
import { placeProject, type Placement } from './placement';
import { INDUSTRY_TEMPLATES, type IndustryTemplate, type Product } from './project-templates';
import { countyById, type CountyId } from './regions';
import { scheduleFor } from './schedule';
import { taskForceById } from './task-forces';

/** The kinds of the project API (新建, 扩建, 技改, 续建). */
export type { ProjectKind } from '@battlemap/events';

export interface ProjectSeed {
  id: string;
  name: string;
  taskForceId: string;
  regionId: CountyId;
  /** 业主单位. */
  owner: string;
  kind: ProjectKind;
  /** 总投资, 万元. */
  totalInvestment: number;
  /** 年度计划投资, 万元. */
  annualPlanInvestment: number;
  stage: Stage;
  /** YYYY-MM-DD, in the year before `baseYear`. */
  stageOn: string;
  plannedStart?: string;
  plannedCompletion?: string;
  location: LngLat;
  /** 责任单位: the park's administration or the county government. */
  leadUnit: string;
  /** 挂点领导. */
  leaderId: string;
}

export const DEFAULT_PROJECT_SEED = 20260101;

/** The demo's mix of stages when its history begins. */
export const STAGE_SHARES: Record<Stage, number> = {
  negotiating: 0.2,
  signed: 0.25,
  started: 0.45,
  completed: 0.07,
  operating: 0.03,
};

const STAGES = Object.keys(STAGE_SHARES) as Stage[];

/** Exact stage counts for `total` projects (largest remainder), so the shares hold for any seed. */
export function stageQuota(total: number): Record<Stage, number> {
  const exact = STAGES.map((s) => ({ stage: s, value: STAGE_SHARES[s] * total }));
  const quota = Object.fromEntries(exact.map(({ stage, value }) => [stage, Math.floor(value)])) as Record<Stage, number>;
  let left = total - STAGES.reduce((sum, s) => sum + quota[s], 0);
  for (const { stage } of [...exact].sort((a, b) => (b.value % 1) - (a.value % 1))) {
    if (left-- <= 0) break;
    quota[stage] += 1;
  }
  return quota;
}

/** City-wide: many of 5千万–5亿, some of 10–50亿, a few larger; scaled by industry. */
const CITY_WIDE: [number, number, number][] = [
  [0.75, 5_000, 50_000],
  [0.15, 50_000, 100_000],
  [0.085, 100_000, 500_000],
  [0.015, 500_000, 1_200_000],
];

/** 总投资 in 万元: from the product's own range when it has one, else the scaled city-wide mix. */
function drawInvestment(rng: Random, scale: number, product?: Product): number {
  let value: number;
  if (product?.band) {
    value = rng.logUniform(...product.band);
  } else {
    let r = rng.float();
    const [, min, max] = CITY_WIDE.find(([share]) => (r -= share) < 0) ?? CITY_WIDE[CITY_WIDE.length - 1];
    value = Math.max(3_000, rng.logUniform(min, max) * scale);
  }
  const step = value < 100_000 ? 100 : 1_000;
  return Math.round(value / step) * step;
}

/** Bigger investments build bigger amounts: the amount at the investment's place in the range. */
function amountFor(product: Product, investment: number, scale: number): number | undefined {
  const { amounts } = product;
  if (!amounts) return undefined;
  const [min, max] = product.band ?? [5_000 * scale, 200_000 * scale];
  const q = Math.log(investment / min) / Math.log(max / min);
  return amounts[Math.min(amounts.length - 1, Math.max(0, Math.floor(q * amounts.length)))];
}

/** 15–45% of the total, in tens of 万元. */
function drawAnnualPlan(rng: Random, total: number): number {
  const plan = Math.round((total * rng.between(0.15, 0.45)) / 10) * 10;
  return Math.min(Math.floor(total * 0.45), Math.max(Math.ceil(total * 0.15), plan));
}

function drawKind(rng: Random, stage: Stage, manufacturing: boolean): ProjectKind {
  const weights: Record<ProjectKind, number> =
    stage === 'started'
      ? { 新建: 45, 续建: 35, 扩建: 12, 技改: 8 }
      : stage === 'negotiating' || stage === 'signed'
        ? { 新建: 70, 续建: 0, 扩建: 18, 技改: 12 }
        : { 新建: 55, 续建: 0, 扩建: 25, 技改: 20 };
  if (!manufacturing) weights.技改 = 0;
  return rng.weighted(weights);
}

/** Big projects are linked to a city leader of their task force, the rest to a county leader. */
function drawLeader(rng: Random, taskForceId: string, countyId: CountyId, totalInvestment: number): string {
  if (totalInvestment >= 300_000) {
    const tf = taskForceById(taskForceId);
    return rng.pick([tf.chiefId, ...tf.deputyChiefIds]);
  }
  return rng.pick(countyLeaders(countyId)).id;
}

/** What a template or a named project decides; the rest is drawn the same way for both. */
type ProjectCore = Pick<ProjectSeed, 'name' | 'taskForceId' | 'regionId' | 'owner' | 'kind' | 'totalInvestment' | 'stage'>;

interface Draft {
  rng: Random;
  baseYear: number;
  projects: ProjectSeed[];
  names: Set<string>;
}

function add(draft: Draft, core: ProjectCore, placement: Placement): void {
  const { rng, projects } = draft;
  projects.push({
    id: `p${String(projects.length + 1).padStart(4, '0')}`,
    ...core,
    annualPlanInvestment: drawAnnualPlan(rng, core.totalInvestment),
    ...scheduleFor(rng, core.stage, draft.baseYear, core.totalInvestment),
    location: placement.location,
    leadUnit: unitName(placement.park ? `${placement.park.id}-admin` : `${core.regionId}-gov`),
    leaderId: drawLeader(rng, core.taskForceId, core.regionId, core.totalInvestment),
  });
  draft.names.add(core.name);
}

export function buildProjects(baseYear: number, seed = DEFAULT_PROJECT_SEED): ProjectSeed[] {
  const draft: Draft = { rng: new Random(seed), baseYear, projects: [], names: new Set() };
  for (const { parkId, ...core } of NAMED_PROJECTS) {
    add(draft, core, placeProject(draft.rng, core.regionId, { parkId, parkShare: 0 }));
  }
  const total = INDUSTRY_TEMPLATES.reduce((sum, t) => sum + t.count, 0);
  const stages = draft.rng.shuffle(remainingStages(stageQuota(total), NAMED_PROJECTS));
  for (const template of INDUSTRY_TEMPLATES) {
    const named = NAMED_PROJECTS.filter((p) => p.taskForceId === template.taskForceId).length;
    for (let i = named; i < template.count; i++) addGenerated(draft, template, stages.pop()!);
  }
  return draft.projects;
}

function remainingStages(quota: Record<Stage, number>, named: NamedProject[]): Stage[] {
  for (const p of named) quota[p.stage] -= 1;
  return STAGES.flatMap((s) => {
    if (quota[s] < 0) throw new Error(`more named projects are ${s} than the quota allows`);
    return Array<Stage>(quota[s]).fill(s);
  });
}

function addGenerated(draft: Draft, template: IndustryTemplate, stage: Stage): void {
  const { rng, names } = draft;
  const regionId = rng.weighted(template.counties);
  const county = countyById(regionId);
  const kind = drawKind(rng, stage, template.manufacturing);
  let core: ProjectCore | undefined;
  // Redraw the whole project, not just its name, until the name is new.
  for (let attempt = 0; !core || names.has(core.name); attempt++) {
    const product = chooseProduct(rng, template, county);
    const totalInvestment = drawInvestment(rng, template.scale, product);
    const company = makeCompany(rng, county, product.suffix ? [product.suffix] : template.suffixes);
    let name = makeProjectName(rng, product, amountFor(product, totalInvestment, template.scale), county, kind, company);
    if (attempt >= 20) name = `${name}（${attempt - 18}）`;
    core = { name, taskForceId: template.taskForceId, regionId, owner: company.owner, kind, totalInvestment, stage };
  }
  const placement = placeProject(rng, regionId, { parkShare: template.parkShare, parkFocus: template.parkFocus });
  add(draft, core, placement);
}
