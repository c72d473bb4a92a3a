import type { FeedItem, Stage } from '../board-view';
import type { ESCALATION_LEVELS, INSPECTION_KINDS, PROBLEM_CATEGORIES, PROJECT_KINDS, SEVERITIES } from '../catalogue/primitives';
import { indicatorId } from '../streams';

/**
 * The live board: everything the screens need, folded from events by `evolveBoard`.
 *
 * PLAIN JSON ONLY (Records, arrays, strings, numbers, booleans, null): it travels over socket.io as
 * a snapshot and is structuredClone'd, so no Map, Set, Date or class instance may appear, and no
 * property is ever set to `undefined` (optional keys are omitted instead) so that a state and its
 * clone compare deep-equal. All dates are business dates (YYYY-MM-DD, China time); months YYYY-MM.
 */
export interface BoardState {
  /** Position of the last applied event (decimal string), null before the first. */
  position: string | null;
  projects: Record<string, ProjectState>;
  problems: Record<string, ProblemState>;
  /**
   * Problem ids in the order raised. Selectors walk this instead of Object.values(problems): with
   * tens of thousands of keys a Record is a hash table, and enumerating one is several times slower.
   */
  problemIds: string[];
  /** Problem ids per project id, so a project's light never scans every problem. */
  projectProblems: Record<string, string[]>;
  inspections: InspectionCounts;
  taskForces: Record<string, TaskForceState>;
  /** The 流动红旗 holder of each month, by YYYY-MM. */
  redFlags: Record<string, RedFlagState>;
  /** By `<regionId>-<metric>-<year>` (the indicator's stream name without its prefix). */
  indicators: Record<string, IndicatorState>;
  regions: Record<string, RegionState>;
  /** Every adopted version, sorted by effectiveFrom then version. */
  lightRules: LightRules[];
  /** The last RECENT_LIMIT narrated events, oldest first (appending is cheap). */
  recent: FeedEntry[];
}

/** How many narrated events the state keeps for the feed. */
export const RECENT_LIMIT = 50;

export type ProjectKind = (typeof PROJECT_KINDS)[number];
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

export interface StageEntry {
  stage: Stage;
  on: string;
}

export interface MonthlyReport {
  /** 当月完成投资, 万元. */
  investment: number;
  /** 形象进度, 0..100. */
  progress: number;
  milestone?: string;
}

export interface DatedReason {
  reason: string;
  on: string;
}

export interface StallPeriod {
  reason: string;
  on: string;
  endedOn: string | null;
}

export interface ProjectState {
  id: string;
  name: string;
  taskForceId: string;
  regionId: string;
  owner: string;
  kind: ProjectKind;
  totalInvestment: number;
  annualPlanInvestment: number;
  /** YYYY-MM or YYYY-MM-DD, as registered. */
  plannedStart: string | null;
  plannedCompletion: string | null;
  location: [number, number];
  leadUnit: string | null;
  leaderId: string | null;
  stage: Stage;
  /** The day the project entered its current stage. */
  stageOn: string;
  /** Every stage entered, in order, starting with the registered stage at its stageOn. */
  stages: StageEntry[];
  /** Currently a 问题项目, or null. */
  stalled: DatedReason | null;
  /**
   * Every stalled period, closed by the revitalization that ended it: lightHistory needs to know
   * whether the project was stalled on a past day, and same-day stall/revival stays unambiguous.
   */
  stalls: StallPeriod[];
  revitalizations: { on: string; how: string }[];
  terminated: DatedReason | null;
  /** Monthly reports by YYYY-MM; a second report for a month corrects the first. */
  reports: Record<string, MonthlyReport>;
}

export type ProblemStatus = 'raised' | 'assigned' | 'escalated' | 'resolved' | 'closed';

/** One step of the closed loop, with the deadline that held from then on. */
export interface ProblemStep {
  status: ProblemStatus;
  on: string;
  deadline: string;
}

export interface ProblemState {
  id: string;
  projectId: string | null;
  /** Copied from the project when it is known at raise time, else from the event. */
  regionId: string | null;
  taskForceId: string | null;
  inspectionId: string | null;
  category: ProblemCategory;
  severity: Severity;
  description: string;
  /** The current deadline (an assignment may move it). */
  deadline: string;
  status: ProblemStatus;
  raisedOn: string;
  unit: string | null;
  assignedOn: string | null;
  /** Stays true once escalated, even while it is assigned on at the higher level. */
  escalated: boolean;
  escalationLevel: EscalationLevel | null;
  escalatedOn: string | null;
  resolvedOn: string | null;
  /** Day of the close that still stands; null while open or after a reopen. */
  closedOn: string | null;
  reopenCount: number;
  steps: ProblemStep[];
}

export interface InspectionCounts {
  /** inspectorId → YYYY-MM → visits (督查/走访/现场办公 all count). */
  byInspector: Record<string, Record<string, number>>;
  /** projectId → YYYY-MM → visits. */
  byProject: Record<string, Record<string, number>>;
  /** projectId → inspectorId → that person's visits to that project: 挂点联系 counts a leader's own. */
  byVisit: Record<string, Record<string, VisitLog>>;
}

export interface VisitLog {
  /** The day of the latest visit. */
  last: string;
  /** YYYY-MM → visits. */
  months: Record<string, number>;
}

export interface TaskForceState {
  id: string;
  name: string;
  industry: string;
  chiefId: string;
  leadUnit: string;
}

export interface RedFlagState {
  taskForceId: string;
  on: string;
}

export interface IndicatorState {
  regionId: string;
  metric: string;
  year: number;
  /** 0 until a target is set. */
  target: number;
  unit: string;
  label: string | null;
  /** Year-to-date values by YYYY-MM. */
  reports: Record<string, { value: number; yoy: number | null }>;
}

export interface RegionState {
  id: string;
  name: string;
  kind: 'city' | 'county' | 'park';
  parentId: string | null;
}

export interface LightRules {
  version: number;
  effectiveFrom: string;
  yellowLagPoints: number;
  redLagPoints: number;
  redStartSlipMonths: number;
}

/** A feed line; `taskForceId` is added to board-view's FeedItem so the feed can be scoped. */
export interface FeedEntry extends FeedItem {
  taskForceId?: string;
}

export function initialBoard(): BoardState {
  return {
    position: null,
    projects: {},
    problems: {},
    problemIds: [],
    projectProblems: {},
    inspections: { byInspector: {}, byProject: {}, byVisit: {} },
    taskForces: {},
    redFlags: {},
    indicators: {},
    regions: {},
    lightRules: [],
    recent: [],
  };
}

/** The indicator's stream name without its prefix: unambiguous (see `streams.indicator`). */
export function indicatorKey(regionId: string, metric: string, year: number): string {
  return indicatorId(regionId, metric, year);
}
