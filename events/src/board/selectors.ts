import type { BoardView, IndicatorRow, Light, ProjectRow } from '../board-view';
import { monthNumber, yearPrefix } from '../dates';
import {
  DEFAULT_POINT_WEIGHTS,
  type FlowSource,
  type PointWeights,
  countFlows,
  countProblems,
  countStages,
  rankTaskForces,
  redFlagHolder,
} from './counters';
import { projectLight, rulesInForce } from './lights';
import { type Scope, feedInScope, makeScope, problemInScope, projectInScope, regionInScope } from './scope';
import type { BoardState, FeedEntry, IndicatorState, ProblemState, ProjectState } from './state';

export interface BoardViewOptions {
  /** The year the counters, points, indicators and yearInvestment are about. */
  year: number;
  /** YYYY-MM-DD in China time: lights, overdue problems and the red flag are judged on this day. */
  today: string;
  /** ISO time the view describes, passed through. */
  asOf: string;
  region?: string;
  taskForce?: string;
  /** Missing weights take DEFAULT_POINT_WEIGHTS. */
  weights?: Partial<PointWeights>;
}

/** An indicator row with its display label ("规上工业总产值"). */
export interface IndicatorRowDetail extends IndicatorRow {
  label: string | null;
}

/** BoardView plus the fields this selector adds (all additive to the public contract). */
export interface BoardViewDetail extends BoardView {
  /** The day the lights were judged. */
  today: string;
  /** Version of the light rules in force on `today` (0: the defaults). */
  lightRulesVersion: number;
  /** The 流动红旗 holder and the month it was awarded for, or null before the first award. */
  redFlag: { taskForceId: string; month: string } | null;
  indicators: IndicatorRowDetail[];
  /** Newest first. */
  recent: FeedEntry[];
}

/** GET /api/board, computed from the folded state; pure, linear in the size of the state. */
export function selectBoardView(state: BoardState, options: BoardViewOptions): BoardViewDetail {
  const scope = makeScope(state, options.region, options.taskForce);
  const projects = Object.values(state.projects).filter((p) => projectInScope(scope, p));
  return assembleView(state, options, {
    scope,
    projects,
    rows: projectRows(state, projects, options.year, options.today),
  });
}

/** What a view is assembled from: its scope, the projects within it and their rows, found now or kept (LiveBoardView). */
export interface ViewParts {
  scope: Scope;
  /** The board's projects within the scope, in the board's key order. */
  projects: ProjectState[];
  /** Their live rows, sorted as projectRows sorts them. */
  rows: ProjectRow[];
  /** Every project of the board in its key order, and each one's movements of the year, when kept. */
  allProjects?: ProjectState[];
  flows?: FlowSource;
  /** A part of the last view when nothing it reads has changed since, else `make()` (LiveBoardView). */
  keep?: <T>(part: ViewPart, make: () => T) => T;
}

/** The parts of a view that cost a walk over every project or problem. */
export type ViewPart = 'counters' | 'stages' | 'problems' | 'taskForces' | 'indicators';

const makeNow = <T>(_part: ViewPart, make: () => T): T => make();

/** The view from its parts: every field of BoardViewDetail is set here, once. */
export function assembleView(state: BoardState, options: BoardViewOptions, parts: ViewParts): BoardViewDetail {
  const { year, today } = options;
  const { scope, projects } = parts;
  const keep = parts.keep ?? makeNow;
  const weights: PointWeights = { ...DEFAULT_POINT_WEIGHTS, ...options.weights };
  return {
    position: state.position,
    asOf: options.asOf,
    year,
    today,
    lightRulesVersion: rulesInForce(state.lightRules, today).version,
    counters: keep('counters', () => countFlows(projects, year, parts.flows)),
    stages: keep('stages', () => countStages(projects)),
    problems: keep('problems', () => countProblems(scopedProblems(state, scope), today)),
    taskForces: keep('taskForces', () => rankTaskForces(state, year, today, weights, parts.allProjects, parts.flows)),
    redFlag: redFlagHolder(state, today),
    indicators: keep('indicators', () => indicatorRows(state, year, scope)),
    projects: parts.rows,
    recent: recentFeed(state, scope),
    regions: Object.values(state.regions).map((r) => ({ id: r.id, name: r.name })),
  };
}

function scopedProblems(state: BoardState, scope: Scope): ProblemState[] {
  const problems: ProblemState[] = [];
  for (const id of state.problemIds) {
    const problem = state.problems[id];
    if (problemInScope(scope, state, problem)) problems.push(problem);
  }
  return problems;
}

const LIGHT_ORDER: Record<Light, number> = { red: 0, yellow: 1, green: 2 };

/** Live projects, red first, then yellow, then green; the biggest investments first within a colour. */
export function projectRows(state: BoardState, projects: ProjectState[], year: number, today: string): ProjectRow[] {
  const rows: ProjectRow[] = [];
  for (const project of projects) if (!project.terminated) rows.push(projectRow(state, project, year, today));
  return rows.sort(compareRows);
}

/** The order of projectRows: a total order (ids are unique), so any way of sorting the same rows gives the same list. */
export function compareRows(a: ProjectRow, b: ProjectRow): number {
  return LIGHT_ORDER[a.light] - LIGHT_ORDER[b.light] || b.totalInvestment - a.totalInvestment || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** One live project's row on `today`. */
export function projectRow(state: BoardState, project: ProjectState, year: number, today: string): ProjectRow {
  const { light, reasons } = projectLight(project, state, today);
  return {
    id: project.id,
    name: project.name,
    stage: project.stage,
    stalled: project.stalled !== null,
    terminated: false,
    light,
    lightReasons: reasons,
    progress: latestProgress(project),
    regionId: project.regionId,
    taskForceId: project.taskForceId,
    location: [project.location[0], project.location[1]],
    totalInvestment: project.totalInvestment,
    annualPlanInvestment: project.annualPlanInvestment,
    yearInvestment: yearInvestment(project, year),
  };
}

/** 形象进度 of the latest month reported; 0 before any report. */
function latestProgress(project: ProjectState): number {
  let latest: string | null = null;
  for (const month in project.reports) if (latest === null || month > latest) latest = month;
  return latest === null ? 0 : project.reports[latest].progress;
}

/** Investment reported for every month of `year` (the whole year, not only up to today). */
function yearInvestment(project: ProjectState, year: number): number {
  const prefix = yearPrefix(year);
  let sum = 0;
  for (const month in project.reports) if (month.startsWith(prefix)) sum += project.reports[month].investment;
  return sum;
}

function indicatorRows(state: BoardState, year: number, scope: Scope): IndicatorRowDetail[] {
  const rows: IndicatorRowDetail[] = [];
  for (const indicator of Object.values(state.indicators)) {
    if (indicator.year === year && regionInScope(scope, indicator.regionId)) rows.push(indicatorRow(indicator));
  }
  return rows;
}

/** Latest year-to-date value against the target, and its 序时进度 ratio (value/target)/(m/12). */
export function indicatorRow(indicator: IndicatorState): IndicatorRowDetail {
  const prefix = yearPrefix(indicator.year);
  let month: string | null = null;
  for (const key in indicator.reports) if (key.startsWith(prefix) && (month === null || key > month)) month = key;
  const report = month === null ? null : indicator.reports[month];
  const { regionId, metric, year, target, unit, label } = indicator;
  const scheduleRatio = month !== null && report && target > 0 ? report.value / target / (monthNumber(month) / 12) : null;
  return { regionId, metric, year, target, unit, label, value: report?.value ?? 0, yoy: report?.yoy ?? null, month, scheduleRatio };
}

function recentFeed(state: BoardState, scope: Scope): FeedEntry[] {
  const items: FeedEntry[] = [];
  for (let i = state.recent.length - 1; i >= 0; i--) {
    if (feedInScope(scope, state.recent[i])) items.push(state.recent[i]);
  }
  return items;
}
