import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  type BoardState,
  COMMAND_BODIES,
  type LngLat,
  type ProjectCommand,
  type ProjectState,
  STAGES,
  definedOnly,
  type ScopedActor,
  type Stage,
  isInScope,
  toFieldErrors,
} from '@battlemap/events';
import type { ProgressRow, ProjectRow, ReadRows, RowError } from './ledger-rows';

/**
 * What each row asks for, against the board as it is: register a new project, amend what changed,
 * move its stage, assign its leader, report its month; or nothing, for an untouched row. Every body
 * is checked by the command's own schema; the deciders judge the rest when the plan is tried. Pure.
 */

export type Outcome = 'created' | 'amended' | 'unchanged';

export interface PlannedCommand {
  command: Omit<ProjectCommand, 'meta'>;
  occurredOn?: string;
  /** The column a decider's rejection is about. */
  column: string;
}

export interface PlannedRow {
  row: number;
  projectId: string;
  /** Scope checks for a new project name its task force and region; a known one is guarded on its stream. */
  outcome: Outcome;
  commands: PlannedCommand[];
  /** Coordinates were missing and the point was placed in the county's polygon. */
  placed?: boolean;
}

export interface PlanContext {
  actor: ScopedActor;
  today: string;
  board: Pick<BoardState, 'projects' | 'taskForces' | 'regions'>;
  people: { id: string; name: string }[];
  /** A point inside the region's polygon, the same for the same seed; undefined when the map lacks the region. */
  place(regionId: string, seed: number): LngLat | undefined;
}

export interface Plan {
  rows: PlannedRow[];
  errors: RowError[];
}

const STAGE_WORDS: Record<string, Stage> = {
  洽谈: 'negotiating',
  在谈: 'negotiating',
  洽谈中: 'negotiating',
  签约: 'signed',
  已签约: 'signed',
  开工: 'started',
  已开工: 'started',
  在建: 'started',
  竣工: 'completed',
  已竣工: 'completed',
  投产: 'operating',
  已投产: 'operating',
  ...Object.fromEntries(STAGES.map((s) => [s, s])),
};

/** A project's id when the ledger gives none: the same name and owner give the same id on every import. */
export function ledgerProjectId(name: string, owner: string): string {
  return `p${sha256(`ledger\u0000${name}\u0000${owner}`).slice(0, 12)}`;
}

/** The seed of a placed point: a project without coordinates lands in the same place every time. */
const seedOf = (projectId: string) => parseInt(sha256(projectId).slice(0, 8), 16);

export function planProjects(read: ReadRows<ProjectRow>, context: PlanContext): Plan {
  const errors = [...read.errors];
  const failed = new Set(read.errors.map((e) => e.row));
  const header = (key: string, fallback: string) => read.headers[key as keyof ProjectRow] ?? fallback;
  const lookup = lookups(context);
  const firstRowOfName = new Map<string, number>();
  const rows: PlannedRow[] = [];
  for (const row of read.rows) {
    const fail = (column: string, message: string) => {
      errors.push({ row: row.row, column, message });
      failed.add(row.row);
    };
    if (row.name !== undefined) {
      const first = firstRowOfName.get(row.name);
      if (first !== undefined) fail(header('name', '项目名称'), `项目名称与第${first}行重复：同一文件里每个项目只能出现一次`);
      else firstRowOfName.set(row.name, row.row);
    }
    if (failed.has(row.row)) continue;
    const planned = planProjectRow(row, context, lookup, (key, fallback, message) => fail(header(key, fallback), message));
    if (planned && !failed.has(row.row)) rows.push(planned);
  }
  return { rows, errors };
}

type Fail = (key: string, fallback: string, message: string) => void;

function planProjectRow(row: ProjectRow, context: PlanContext, lookup: Lookups, fail: Fail): PlannedRow | undefined {
  const existing = lookup.project(row, fail);
  if (existing === null) return undefined;
  const taskForceId = row.taskForce === undefined ? undefined : lookup.taskForce(row.taskForce);
  if (row.taskForce !== undefined && !taskForceId) fail('taskForce', '所属专班', `没有名为“${row.taskForce}”的产业专班`);
  const regionId = row.region === undefined ? undefined : lookup.region(row.region);
  if (row.region !== undefined && !regionId) fail('region', '属地', `没有名为“${row.region}”的属地`);
  const leaderId = row.leader === undefined ? undefined : lookup.leader(row.leader, existing);
  if (row.leader !== undefined && !leaderId) fail('leader', '挂点领导', `没有名为“${row.leader}”的人员账号`);
  const stage = row.stage === undefined ? undefined : STAGE_WORDS[row.stage];
  if (row.stage !== undefined && !stage) fail('stage', '当前阶段', `阶段应为洽谈、签约、开工、竣工或投产，却是“${row.stage}”`);
  if ((row.lng === undefined) !== (row.lat === undefined))
    fail(row.lng === undefined ? 'lng' : 'lat', '经度', '经度和纬度要么都填，要么都不填');
  if ((row.taskForce && !taskForceId) || (row.region && !regionId) || (row.leader && !leaderId) || (row.stage && !stage)) return undefined;
  const target = { taskForceId: existing?.taskForceId ?? taskForceId, regionId: existing?.regionId ?? regionId };
  if (!isInScope(context.actor, target)) {
    fail('name', '项目名称', '不在您负责的专班或属地范围内');
    return undefined;
  }
  const location: LngLat | undefined = row.lng !== undefined && row.lat !== undefined ? [row.lng, row.lat] : undefined;
  if (!existing) return planNew(row, { taskForceId, regionId, leaderId, stage, location }, context, fail);
  return planChanges(row, existing, { taskForceId, regionId, leaderId, stage, location }, context, fail);
}

interface Resolved {
  taskForceId?: string;
  regionId?: string;
  leaderId?: string;
  stage?: Stage;
  location?: LngLat;
}

function planNew(row: ProjectRow, resolved: Resolved, context: PlanContext, fail: Fail): PlannedRow | undefined {
  const projectId = row.id ?? (row.name && row.owner ? ledgerProjectId(row.name, row.owner) : 'p-unnamed');
  let location = resolved.location;
  const placed = !location && resolved.regionId !== undefined;
  if (!location && resolved.regionId) {
    location = context.place(resolved.regionId, seedOf(projectId));
    if (!location) fail('lng', '经度', '没有坐标，属地也不在地图上，无法落点：请填写经度和纬度');
  }
  const body = {
    id: projectId,
    name: row.name,
    taskForceId: resolved.taskForceId,
    regionId: resolved.regionId,
    owner: row.owner,
    kind: row.kind,
    totalInvestment: row.totalInvestment,
    annualPlanInvestment: row.annualPlanInvestment,
    stage: resolved.stage,
    stageOn: row.stageOn,
    plannedStart: row.plannedStart,
    plannedCompletion: row.plannedCompletion,
    location,
    leadUnit: row.leadUnit,
    leaderId: resolved.leaderId,
  };
  const data = checked(COMMAND_BODIES.registerProject, body, fail);
  if (!data) return undefined;
  const { id, expectedRevision, ...rest } = data;
  void expectedRevision;
  return {
    row: row.row,
    projectId: id!,
    outcome: 'created',
    commands: [{ command: { type: 'RegisterProject', data: { projectId: id!, ...rest } }, occurredOn: rest.stageOn, column: '当前阶段' }],
    ...(placed && { placed }),
  };
}

const AMENDABLE = [
  'name',
  'owner',
  'kind',
  'totalInvestment',
  'annualPlanInvestment',
  'plannedStart',
  'plannedCompletion',
  'leadUnit',
] as const;

function planChanges(row: ProjectRow, project: ProjectState, resolved: Resolved, context: PlanContext, fail: Fail): PlannedRow | undefined {
  if (resolved.taskForceId && resolved.taskForceId !== project.taskForceId) {
    fail(
      'taskForce',
      '所属专班',
      `项目属于“${context.board.taskForces[project.taskForceId]?.name ?? project.taskForceId}”：导入不能改所属专班`,
    );
  }
  if (resolved.regionId && resolved.regionId !== project.regionId) {
    fail('region', '属地', `项目在“${context.board.regions[project.regionId]?.name ?? project.regionId}”：导入不能改属地`);
  }
  if (resolved.taskForceId !== undefined && resolved.taskForceId !== project.taskForceId) return undefined;
  if (resolved.regionId !== undefined && resolved.regionId !== project.regionId) return undefined;
  const changes: Record<string, unknown> = {};
  for (const key of AMENDABLE) {
    const value = row[key];
    if (value !== undefined && value !== (project[key] ?? undefined)) changes[key] = value;
  }
  const loc = resolved.location;
  if (loc && (Math.abs(loc[0] - project.location[0]) > 1e-7 || Math.abs(loc[1] - project.location[1]) > 1e-7)) changes.location = loc;
  const commands: PlannedCommand[] = [];
  if (Object.keys(changes).length > 0) {
    const data = checked(COMMAND_BODIES.amendProject, changes, fail);
    if (!data) return undefined;
    commands.push({ command: { type: 'AmendProject', data }, column: '项目名称' });
  }
  if (resolved.stage && resolved.stage !== project.stage) {
    const data = checked(COMMAND_BODIES.advanceStage, { stage: resolved.stage, on: row.stageOn ?? context.today }, fail);
    if (!data) return undefined;
    commands.push({ command: { type: 'AdvanceStage', data }, occurredOn: data.on, column: '当前阶段' });
  }
  if (resolved.leaderId && resolved.leaderId !== project.leaderId) {
    commands.push({
      command: { type: 'AssignLeader', data: { leaderId: resolved.leaderId, on: context.today } },
      occurredOn: context.today,
      column: '挂点领导',
    });
  }
  return { row: row.row, projectId: project.id, outcome: commands.length > 0 ? 'amended' : 'unchanged', commands };
}

export function planProgress(read: ReadRows<ProgressRow>, context: PlanContext, month?: string): Plan {
  const errors = [...read.errors];
  const failed = new Set(read.errors.map((e) => e.row));
  const lookup = lookups(context);
  const seen = new Map<string, number>();
  const rows: PlannedRow[] = [];
  for (const row of read.rows) {
    const fail: Fail = (key, fallback, message) => {
      errors.push({ row: row.row, column: read.headers[key as keyof ProgressRow] ?? fallback, message });
      failed.add(row.row);
    };
    const project = lookup.project(row, fail);
    if (project === undefined) fail('name', '项目名称', `没有名为“${row.name ?? row.id ?? ''}”的项目`);
    const reportMonth = row.month ?? month;
    if (!reportMonth) fail('month', '月份', '缺少月份：请填“月份”列，或在导入时选择月份');
    if (!project || !reportMonth) continue;
    const key = `${project.id}\u0000${reportMonth}`;
    if (seen.has(key)) fail('name', '项目名称', `与第${seen.get(key)}行是同一项目同一月份：每个项目每月只能填一行`);
    seen.set(key, row.row);
    if (failed.has(row.row)) continue;
    if (!isInScope(context.actor, project)) {
      fail('name', '项目名称', '不在您负责的专班或属地范围内');
      continue;
    }
    const body = { month: reportMonth, investment: row.investment, progress: row.progress, milestone: row.milestone, note: row.note };
    const data = checked(COMMAND_BODIES.reportProgress, body, fail);
    if (!data) continue;
    const before = project.reports[reportMonth];
    const same =
      before &&
      before.investment === data.investment &&
      before.progress === data.progress &&
      (before.milestone ?? undefined) === (data.milestone || undefined);
    rows.push({
      row: row.row,
      projectId: project.id,
      outcome: same ? 'unchanged' : before ? 'amended' : 'created',
      commands: same ? [] : [{ command: { type: 'ReportProgress', data }, column: '当月完成投资' }],
    });
  }
  return { rows, errors };
}

/** Which column a command field is read from, to name it in an error. */
const FIELD_COLUMNS: Record<string, [string, string]> = {
  id: ['id', '项目编号'],
  name: ['name', '项目名称'],
  owner: ['owner', '业主单位'],
  taskForceId: ['taskForce', '所属专班'],
  regionId: ['region', '属地'],
  kind: ['kind', '建设性质'],
  totalInvestment: ['totalInvestment', '总投资'],
  annualPlanInvestment: ['annualPlanInvestment', '年度计划投资'],
  stage: ['stage', '当前阶段'],
  stageOn: ['stageOn', '阶段日期'],
  on: ['stageOn', '阶段日期'],
  plannedStart: ['plannedStart', '计划开工'],
  plannedCompletion: ['plannedCompletion', '计划竣工'],
  location: ['lng', '经度'],
  leadUnit: ['leadUnit', '责任单位'],
  leaderId: ['leader', '挂点领导'],
  month: ['month', '月份'],
  investment: ['investment', '当月完成投资'],
  progress: ['progress', '形象进度'],
  milestone: ['milestone', '形象进度节点'],
  note: ['note', '备注'],
};

/** The command's own schema decides what a valid body is; each problem is named by its column. */
function checked<T>(schema: z.ZodType<T>, body: unknown, fail: Fail): T | undefined {
  // Blank cells are absent keys, never `undefined` values: event data must hash the same after a round trip.
  const result = schema.safeParse(definedOnly(body as object));
  if (result.success) return result.data;
  for (const error of toFieldErrors(result.error)) {
    const [key, fallback] = FIELD_COLUMNS[error.field.split('.')[0]] ?? ['name', error.field];
    fail(key, fallback, error.message);
  }
  return undefined;
}

interface Lookups {
  /** The known project a row names (by 项目编号, else by name), undefined for a new one, null when ambiguous. */
  project(row: { id?: string; name?: string }, fail: Fail): ProjectState | undefined | null;
  taskForce(name: string): string | undefined;
  region(name: string): string | undefined;
  leader(name: string, project: ProjectState | undefined): string | undefined;
}

function lookups(context: PlanContext): Lookups {
  const { projects, taskForces, regions } = context.board;
  const byName = new Map<string, ProjectState[]>();
  for (const project of Object.values(projects)) {
    if (project.terminated) continue;
    byName.set(project.name, [...(byName.get(project.name) ?? []), project]);
  }
  const taskForceByName = new Map<string, string>();
  for (const tf of Object.values(taskForces)) {
    for (const name of [tf.id, tf.industry, tf.name, tf.name.replace(/(产业)?专班$/, '')]) taskForceByName.set(name, tf.id);
  }
  const regionByName = new Map<string, string>();
  for (const region of Object.values(regions)) {
    for (const name of [region.id, region.name, region.name.replace(/[区县市]$/, '')]) regionByName.set(name, region.id);
  }
  const personByName = new Map<string, string>();
  for (const person of context.people) {
    personByName.set(person.id, person.id);
    personByName.set(person.name, person.id);
  }
  return {
    project(row, fail) {
      if (row.id !== undefined) return Object.hasOwn(projects, row.id) ? projects[row.id] : undefined;
      const named = row.name === undefined ? [] : (byName.get(row.name) ?? []);
      if (named.length > 1) {
        fail('name', '项目名称', `有${named.length}个项目都叫“${row.name}”：请填写项目编号以区分`);
        return null;
      }
      return named[0];
    },
    taskForce: (name) => taskForceByName.get(name),
    region: (name) => regionByName.get(name),
    // A leader without an account keeps their id: the exported ledger writes it, so it must read back.
    leader: (name, project) => personByName.get(name) ?? (project?.leaderId === name ? name : undefined),
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
