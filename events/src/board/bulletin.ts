import type { BoardCounters, BoardProblems, Light, Stage, TaskForceRow } from '../board-view';
import { monthEnd, monthNumber, yearOf } from '../dates';
import { endOfChinaDay } from '../time';
import { countFlowsIn } from './counters';
import { isOpenStatus } from './lights';
import { makeScope, problemInScope, problemPlace, projectInScope } from './scope';
import { type IndicatorRowDetail, selectBoardView } from './selectors';
import type { BoardState, ProblemState, ProblemStatus } from './state';

/**
 * 月通报, the monthly bulletin: built from the board as now known at the month's last day (business
 * time, `on=` that day). "New" and "closed" are read from the problems' own dates within the month,
 * which is what comparing with the board at the previous month's end would give, without a second fold.
 */

export interface BulletinOptions {
  /** YYYY-MM. */
  month: string;
  region?: string;
  taskForce?: string;
}

export interface BulletinProject {
  id: string;
  name: string;
  regionName: string;
  taskForceName: string;
  stage: Stage;
  stalled: boolean;
  light: Light;
  /** Why the light has its colour, in Chinese. */
  reasons: string[];
}

export interface BulletinProblem {
  id: string;
  description: string;
  projectName: string | null;
  regionName: string | null;
  taskForceName: string | null;
  status: ProblemStatus;
  raisedOn: string;
  deadline: string;
  closedOn: string | null;
  escalatedOn: string | null;
}

export interface BulletinIndicator extends IndicatorRowDetail {
  regionName: string;
  /** 序时进度: the share of the year gone by at the month of the latest report (m/12); null before a report. */
  schedule: number | null;
  /** value/target; null without a target. */
  completion: number | null;
}

export interface Bulletin {
  month: string;
  /** The business day the board is taken at: the month's last day. */
  asOfDay: string;
  region: { id: string; name: string } | null;
  taskForce: { id: string; name: string } | null;
  /** Position of the last event folded; null on an empty store. */
  position: string | null;
  fourNew: { month: BoardCounters; yearToDate: BoardCounters };
  /** City-wide, as on every screen: the ranking is a city institution. */
  ranking: TaskForceRow[];
  /** The 流动红旗 awarded for this month, else the holder at the month's end; null when none. */
  redFlag: { taskForceId: string; name: string; month: string } | null;
  red: BulletinProject[];
  yellow: BulletinProject[];
  problems: {
    counts: BoardProblems;
    /** Raised in the month. */
    new: BulletinProblem[];
    /** Closed (销号) in the month. */
    closed: BulletinProblem[];
    /** Open at the month's end past their deadline. */
    overdue: BulletinProblem[];
    /** Escalated in the month. */
    escalated: BulletinProblem[];
  };
  indicators: BulletinIndicator[];
}

/** The bulletin for `options.month` from `state`, the board folded up to that month's last day. */
export function buildBulletin(state: BoardState, options: BulletinOptions): Bulletin {
  const { month } = options;
  const year = yearOf(month);
  const asOfDay = monthEnd(year, monthNumber(month));
  const view = selectBoardView(state, {
    year,
    today: asOfDay,
    asOf: endOfChinaDay(asOfDay),
    region: options.region,
    taskForce: options.taskForce,
  });
  const scope = makeScope(state, options.region, options.taskForce);
  const projects = Object.values(state.projects).filter((p) => projectInScope(scope, p));
  const names = nameBook(state);
  const toProject = (row: (typeof view.projects)[number]): BulletinProject => ({
    id: row.id,
    name: row.name,
    regionName: names.region(row.regionId),
    taskForceName: names.taskForce(row.taskForceId),
    stage: row.stage,
    stalled: row.stalled,
    light: row.light,
    reasons: row.lightReasons,
  });
  const problems = state.problemIds.map((id) => state.problems[id]).filter((p) => problemInScope(scope, state, p));
  const toProblem = (problem: ProblemState): BulletinProblem => {
    const place = problemPlace(state, problem);
    const project = problem.projectId ? state.projects[problem.projectId] : undefined;
    return {
      id: problem.id,
      description: problem.description,
      projectName: project?.name ?? null,
      regionName: place.regionId ? names.region(place.regionId) : null,
      taskForceName: place.taskForceId ? names.taskForce(place.taskForceId) : null,
      status: problem.status,
      raisedOn: problem.raisedOn,
      deadline: problem.deadline,
      closedOn: problem.closedOn,
      escalatedOn: problem.escalatedOn,
    };
  };
  const inMonth = (day: string | null) => day !== null && day.startsWith(month);
  const awarded = Object.hasOwn(state.redFlags, month) ? { taskForceId: state.redFlags[month].taskForceId, month } : view.redFlag;
  return {
    month,
    asOfDay,
    region: options.region ? { id: options.region, name: names.region(options.region) } : null,
    taskForce: options.taskForce ? { id: options.taskForce, name: names.taskForce(options.taskForce) } : null,
    position: view.position,
    fourNew: { month: countFlowsIn(projects, month), yearToDate: view.counters },
    ranking: view.taskForces,
    redFlag: awarded ? { ...awarded, name: names.taskForce(awarded.taskForceId) } : null,
    red: view.projects.filter((p) => p.light === 'red').map(toProject),
    yellow: view.projects.filter((p) => p.light === 'yellow').map(toProject),
    problems: {
      counts: view.problems,
      new: problems.filter((p) => inMonth(p.raisedOn)).map(toProblem),
      closed: problems.filter((p) => p.status === 'closed' && inMonth(p.closedOn)).map(toProblem),
      overdue: problems.filter((p) => isOpenStatus(p.status) && p.deadline < asOfDay).map(toProblem),
      escalated: problems.filter((p) => p.escalated && inMonth(p.escalatedOn)).map(toProblem),
    },
    indicators: view.indicators.map((row) => ({
      ...row,
      regionName: names.region(row.regionId),
      schedule: row.month === null ? null : monthNumber(row.month) / 12,
      completion: row.target > 0 ? row.value / row.target : null,
    })),
  };
}

/** Display names, falling back to the id for a place the board never heard named. */
function nameBook(state: BoardState) {
  return {
    region: (id: string) => (Object.hasOwn(state.regions, id) ? state.regions[id].name : id),
    taskForce: (id: string) => (Object.hasOwn(state.taskForces, id) ? state.taskForces[id].name : id),
  };
}
