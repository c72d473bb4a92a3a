import type { Light } from '../board-view';
import { STAGES } from '../catalogue/primitives';
import { monthEnd, monthKey, monthNumber, monthOf, monthsBetween, nextMonthStart, yearOf, yearPrefix } from '../dates';
import { formatOneDecimal, formatPercent, shorten } from './format';
import type { BoardState, LightRules, ProjectState, StallPeriod } from './state';

/**
 * 红黄绿灯 (DOMAIN.md, after Yinchuan's published rules). Thresholds are versioned configuration
 * (LightRulesAdopted), so a replay of last March judges with the rules in force last March.
 */

/** In force until the first LightRulesAdopted takes effect. */
export const DEFAULT_LIGHT_RULES: LightRules = {
  version: 0,
  effectiveFrom: '1970-01-01',
  yellowLagPoints: 10,
  redLagPoints: 30,
  redStartSlipMonths: 3,
};

export interface LightVerdict {
  light: Light;
  /** Red reasons first, then yellow ones; empty when green. */
  reasons: string[];
}

export interface LightHistoryRow extends LightVerdict {
  month: string;
}

/** The latest version whose effectiveFrom is on or before `day` (versions are kept sorted). */
export function rulesInForce(rules: LightRules[], day: string): LightRules {
  for (let i = rules.length - 1; i >= 0; i--) {
    if (rules[i].effectiveFrom <= day) return rules[i];
  }
  return DEFAULT_LIGHT_RULES;
}

/**
 * When a light is judged. Live, everything is "today"; at a past month-end, only what had happened by
 * that day counts (`cutoff`), while deadlines and planned starts are judged as of the next morning
 * (`judgedOn`): a problem due on 31 March and still open at the end of that day is overdue.
 */
interface LightClock {
  cutoff: string;
  judgedOn: string;
  year: number;
  /** Fully elapsed months of `year`: the 序时进度 time share is elapsedMonths / 12. */
  elapsedMonths: number;
  /** Monthly reports of `year` up to this month count toward year-to-date investment. */
  reportsUpTo: string;
}

interface Finding {
  light: 'red' | 'yellow';
  reason: string;
}

const STARTED = STAGES.indexOf('started');

/** The light of a project on `today` (YYYY-MM-DD, China time). */
export function projectLight(project: ProjectState, state: BoardState, today: string): LightVerdict {
  const clock: LightClock = {
    cutoff: today,
    judgedOn: today,
    year: yearOf(today),
    elapsedMonths: monthNumber(today) - 1,
    reportsUpTo: monthOf(today),
  };
  return judge(project, state, clock);
}

/**
 * The light at the end of each elapsed month of `year` (as of `today`), judged only on what had
 * happened by that month-end, so a red that turned yellow keeps its red months. Months before the
 * project's first business date (its registered stageOn) are left out, and so are months from its
 * termination on.
 */
export function lightHistory(state: BoardState, projectId: string, year: number, today: string): LightHistoryRow[] {
  const project = state.projects[projectId];
  if (!project) return [];
  const todayYear = yearOf(today);
  const lastMonth = todayYear > year ? 12 : todayYear === year ? monthNumber(today) - 1 : 0;
  const firstDay = project.stages[0]?.on ?? project.stageOn;
  const rows: LightHistoryRow[] = [];
  for (let m = 1; m <= lastMonth; m++) {
    const end = monthEnd(year, m);
    if (end < firstDay) continue;
    if (project.terminated && project.terminated.on <= end) break;
    const clock: LightClock = {
      cutoff: end,
      judgedOn: nextMonthStart(year, m),
      year,
      elapsedMonths: m,
      reportsUpTo: monthKey(year, m),
    };
    rows.push({ month: monthKey(year, m), ...judge(project, state, clock) });
  }
  return rows;
}

function judge(project: ProjectState, state: BoardState, clock: LightClock): LightVerdict {
  const rules = rulesInForce(state.lightRules, clock.cutoff);
  const stage = stageIndexAt(project, clock.cutoff);
  const findings: Finding[] = [];
  const start = judgeStart(project, stage, clock, rules);
  if (start) findings.push(start);
  const schedule = judgeSchedule(project, stage, clock, rules);
  if (schedule) findings.push(schedule);
  findings.push(...overdueProblems(project, state, clock));
  const stall = stalledAt(project, clock.cutoff);
  if (stall) findings.push({ light: 'red', reason: `问题项目：${stall.reason}` });

  const red = findings.filter((f) => f.light === 'red').map((f) => f.reason);
  const yellow = findings.filter((f) => f.light === 'yellow').map((f) => f.reason);
  const light: Light = red.length > 0 ? 'red' : yellow.length > 0 ? 'yellow' : 'green';
  return { light, reasons: [...red, ...yellow] };
}

/** Index in STAGES of the furthest stage entered by `day`; -1 before the first recorded one. */
function stageIndexAt(project: ProjectState, day: string): number {
  let index = -1;
  for (const entry of project.stages) {
    if (entry.on <= day) index = Math.max(index, STAGES.indexOf(entry.stage));
  }
  return index;
}

/** Not started in its planned month: yellow from the month after, red once the slip reaches the rule's months. */
function judgeStart(project: ProjectState, stage: number, clock: LightClock, rules: LightRules): Finding | null {
  if (!project.plannedStart || stage >= STARTED) return null;
  const slip = monthsBetween(project.plannedStart, clock.judgedOn);
  if (slip < 1) return null;
  const reason = `计划${monthOf(project.plannedStart)}开工，已滞后${slip}个月`;
  return { light: slip >= rules.redStartSlipMonths ? 'red' : 'yellow', reason };
}

/**
 * 序时进度 of the annual investment plan. Only for projects under construction (stage 'started'):
 * a completed or operating project's plan is done or belongs to an earlier year, and one not yet
 * started is judged by its start date instead. No lag can be measured in January.
 */
function judgeSchedule(project: ProjectState, stage: number, clock: LightClock, rules: LightRules): Finding | null {
  const plan = project.annualPlanInvestment;
  if (stage !== STARTED || plan <= 0 || clock.elapsedMonths < 1) return null;
  const completion = yearToDateInvestment(project, clock.year, clock.reportsUpTo) / plan;
  // Rounded so that 25% − 15% is exactly 10 points, not 9.999999999999998.
  const lag = Math.round((clock.elapsedMonths / 12 - completion) * 100 * 1e6) / 1e6;
  if (lag <= 0 || lag < rules.yellowLagPoints) return null;
  const reason = `年度投资完成率${formatPercent(completion)}，落后序时进度${formatOneDecimal(lag)}个百分点`;
  return { light: lag > rules.redLagPoints ? 'red' : 'yellow', reason };
}

/** Sum of the monthly investment reported for `year` up to and including month `upTo`. */
export function yearToDateInvestment(project: ProjectState, year: number, upTo: string): number {
  const prefix = yearPrefix(year);
  let sum = 0;
  for (const month in project.reports) {
    if (month.startsWith(prefix) && month <= upTo) sum += project.reports[month].investment;
  }
  return sum;
}

function overdueProblems(project: ProjectState, state: BoardState, clock: LightClock): Finding[] {
  const findings: Finding[] = [];
  for (const id of state.projectProblems[project.id] ?? []) {
    const problem = state.problems[id];
    const step = problem ? stepAt(problem.steps, clock.cutoff) : null;
    if (step && isOpenStatus(step.status) && step.deadline < clock.judgedOn) {
      findings.push({ light: 'red', reason: `问题“${shorten(problem.description, 16)}”已超期` });
    }
  }
  return findings;
}

/** The last step taken on or before `day`, in the order the steps were recorded. */
function stepAt<S extends { on: string }>(steps: S[], day: string): S | null {
  let found: S | null = null;
  for (const step of steps) if (step.on <= day) found = step;
  return found;
}

export function isOpenStatus(status: string): boolean {
  return status === 'raised' || status === 'assigned' || status === 'escalated';
}

function stalledAt(project: ProjectState, day: string): StallPeriod | null {
  for (let i = project.stalls.length - 1; i >= 0; i--) {
    const spell = project.stalls[i];
    if (spell.on <= day && (spell.endedOn === null || spell.endedOn > day)) return spell;
  }
  return null;
}
