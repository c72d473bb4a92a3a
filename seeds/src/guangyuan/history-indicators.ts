/**
 * The monthly rhythm around the projects: the statistics bureau's year-to-date indicators (published
 * mid-month for the month before, January and February together as "1—2月"), with 同比 against the
 * same months of the year before; and the 流动红旗, awarded early each month to the task force that
 * scored most points (积分) the month before.
 */
import type { Random } from '../random';
import { dayNumber, firstDay, monthOfDay, workday } from './history-calendar';
import type { ProblemPlan } from './history-problems';
import type { ProjectPlan } from './history-projects';
import { buildIndicatorTargets, type IndicatorTarget } from './indicators';

export interface IndicatorReport {
  target: IndicatorTarget;
  month: number;
  filedOn: number;
  value: number;
  yoy: number;
}

/** How much of the year's value has accrued by the end of month m: investment lags early in the year. */
const CURVE: Record<string, number> = {
  industrialOutputAboveScale: 1,
  industrialOutput: 1,
  fixedAssetInvestment: 1.12,
  industrialInvestment: 1.12,
  taxRevenue: 0.95,
  foreignTrade: 1,
};

export function planIndicators(rng: Random, year: number, today: number): { targets: IndicatorTarget[]; reports: IndicatorReport[] } {
  const last = buildIndicatorTargets(year - 1);
  const current = buildIndicatorTargets(year);
  const reports: IndicatorReport[] = [];
  last.forEach((lastTarget, i) => {
    const thisTarget = current[i];
    // A region that ran ahead last year mostly does so again: this year's 同比 stays near the target growth.
    const paceLast = Math.min(1.08, Math.max(0.92, 1 + rng.normal() * 0.035));
    const paceThis = Math.min(1.1, Math.max(0.9, paceLast * (1 + rng.normal() * 0.02)));
    const growthLast = lastTarget.growthTarget + (paceLast - 1) * 0.6 + rng.normal() * 0.01;
    const lastValues: number[] = [];
    for (const [target, pace] of [
      [lastTarget, paceLast],
      [thisTarget, paceThis],
    ] as const) {
      let previous = 0;
      for (let m = 2; m <= 12; m++) {
        const month = target.year * 12 + m - 1;
        const filedOn = workday(firstDay(month + 1) + rng.int(12, 18));
        if (filedOn > today) break;
        const share = (m / 12) ** CURVE[target.metric];
        const value = Math.max(previous + 1, Math.round(target.target * pace * share * (1 + rng.normal() * 0.01)));
        previous = value;
        let yoy: number;
        if (target === lastTarget) {
          lastValues[m] = value;
          yoy = growthLast * 100 + rng.normal() * 0.8;
        } else {
          yoy = (value / lastValues[m] - 1) * 100;
        }
        reports.push({ target, month, filedOn, value, yoy: Math.round(yoy * 10) / 10 });
      }
    }
  });
  return { targets: [...last, ...current], reports };
}

const POINTS = { negotiating: 1, signed: 3, started: 5, completed: 3, operating: 0, revitalized: 5, problemClosed: 1 } as const;

/** The red flag of each month whose award day (early the next month) has come: the month's top scorer. */
export function planRedFlags(rng: Random, plans: ProjectPlan[], problems: ProblemPlan[], start: number, today: number) {
  const points = new Map<number, Map<string, number>>();
  const score = (day: number, taskForceId: string | undefined, value: number) => {
    if (!taskForceId || day < start) return;
    const month = monthOfDay(day);
    const row = points.get(month) ?? new Map<string, number>();
    row.set(taskForceId, (row.get(taskForceId) ?? 0) + value);
    points.set(month, row);
  };
  for (const plan of plans) {
    const tf = plan.seed.taskForceId;
    score(dayNumber(plan.seed.stageOn), tf, POINTS[plan.seed.stage]);
    for (const move of plan.moves) score(move.on, tf, POINTS[move.stage]);
    if (plan.stall?.revivedOn !== undefined) score(plan.stall.revivedOn, tf, POINTS.revitalized);
  }
  for (const problem of problems) {
    for (const step of problem.steps) if (step.kind === 'closeProblem') score(step.on, problem.taskForceId, POINTS.problemClosed);
  }
  const awards: { month: number; on: number; taskForceId: string }[] = [];
  for (let month = monthOfDay(start); month < monthOfDay(today); month++) {
    const on = workday(firstDay(month + 1) + rng.int(2, 7));
    const row = points.get(month);
    if (on > today || !row) continue;
    const [taskForceId] = [...row.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    awards.push({ month, on, taskForceId });
  }
  return awards;
}
