/**
 * The lights (红黄绿灯) the board shows today, and the monthly progress reports behind them. Today's
 * mix is chosen first, as the supervision office sees it in a typical year (about two thirds green,
 * a fifth yellow, an eighth red), then each project's reports and planned start are drawn to give
 * its colour under the default rules: 序时进度 lag of 10–30 points is yellow, over 30 red; a start
 * slipped 1–2 months is yellow, 3 or more red; an overdue problem or a stall is red.
 */
import { firstDay, lastDay, monthNumberOf, monthOfDay, workday, yearOfMonth } from './history-calendar';
import { type PlanContext, type ProjectPlan, liveAt, moveDay, stageAt, stalledAt, startDay } from './history-projects';

const LIGHT_MIX = { red: 0.13, yellow: 0.235 } as const;

export interface MonthReport {
  month: number;
  filedOn: number;
  investment: number;
  progress: number;
  milestone?: string;
  note?: string;
}

/** The day the project entered its current stage, as the light rules see it. */
function signedDay(plan: ProjectPlan): number {
  return moveDay(plan, 'signed') ?? plan.registeredOn;
}

/** Chooses every live project's light for today and what makes it so. */
export function assignLights(ctx: PlanContext, plans: ProjectPlan[]): void {
  const { rng, today } = ctx;
  const thisMonth = monthOfDay(today);
  const elapsedShare = (monthNumberOf(thisMonth) - 1) / 12;
  const live = plans.filter((p) => liveAt(p, today));
  const redTarget = Math.round(live.length * LIGHT_MIX.red);
  const yellowTarget = Math.round(live.length * LIGHT_MIX.yellow);

  let red = 0;
  for (const plan of live) {
    if (stalledAt(plan, today)) {
      plan.light = 'red';
      red += 1;
    }
  }
  const building = rng.shuffle(live.filter((p) => !stalledAt(p, today) && stageAt(p, today) === 'started'));
  const waiting = rng.shuffle(live.filter((p) => !stalledAt(p, today) && stageAt(p, today) === 'signed'));

  // Overdue problems: a few projects of every stage, most of them under construction or about to start.
  const others = rng.shuffle(
    live.filter((p) => !stalledAt(p, today) && ['negotiating', 'completed', 'operating'].includes(stageAt(p, today))),
  );
  const overdue = Math.max(4, Math.round(live.length * 0.035));
  const withOverdue = [
    ...building.slice(0, Math.round(overdue * 0.5)),
    ...waiting.slice(0, Math.round(overdue * 0.2)),
    ...others.slice(0, Math.round(overdue * 0.3)),
  ];
  for (const plan of withOverdue) {
    plan.overdue = true;
    plan.light = 'red';
    red += 1;
  }
  const free = (list: ProjectPlan[]) => list.filter((p) => !p.overdue && p.light === 'green' && p.lagPoints === undefined);

  // Late starts: the planned start month lies 3+ (red) or 1–2 (yellow) months back, after the signing.
  const slip = (plan: ProjectPlan, months: number): boolean => {
    const start = thisMonth - months;
    if (start < monthOfDay(signedDay(plan))) return false;
    plan.plannedStart = start;
    return true;
  };
  // Of the signed projects still waiting, about a quarter are 3+ months late and a third 1–2.
  let signedRed = Math.min(Math.round(waiting.length * 0.25), Math.max(0, redTarget - red));
  let signedYellow = Math.round(waiting.length * 0.35);
  let yellow = 0;
  for (const plan of free(waiting)) {
    if (signedRed > 0 && slip(plan, rng.int(3, 6))) {
      plan.light = 'red';
      signedRed -= 1;
      red += 1;
    } else if (signedYellow > 0 && slip(plan, rng.int(1, 2))) {
      plan.light = 'yellow';
      signedYellow -= 1;
      yellow += 1;
    } else {
      plan.plannedStart = Math.max(plan.plannedStart ?? 0, thisMonth + rng.int(0, 4));
      if ((plan.plannedCompletion ?? 0) <= plan.plannedStart) plan.plannedCompletion = plan.plannedStart + rng.int(10, 24);
    }
  }

  // Investment behind 序时进度 (measurable once enough of the year has gone by), for at most a
  // seventh (red) and a half (yellow) of the projects under construction.
  const maxLag = elapsedShare * 100;
  let lagRed = maxLag > 36 ? Math.min(Math.max(0, redTarget - red), Math.round(building.length * 0.15)) : 0;
  let lagYellow = maxLag > 14 ? Math.min(Math.max(0, yellowTarget - yellow), Math.round(building.length * 0.55)) : 0;
  for (const plan of free(building)) {
    if (lagRed > 0) {
      plan.light = 'red';
      plan.lagPoints = rng.between(35, Math.min(60, maxLag));
      lagRed -= 1;
    } else if (lagYellow > 0) {
      plan.light = 'yellow';
      plan.lagPoints = rng.between(13, Math.min(27, maxLag - 1));
      lagYellow -= 1;
    } else {
      plan.lagPoints = rng.between(-12, 5);
    }
  }
  for (const plan of building) plan.lagPoints ??= rng.between(-12, 5);
}

const MILESTONES: [number, string, boolean][] = [
  [50, '主体封顶', false],
  [75, '设备安装', true],
  [92, '试生产', true],
];

/** Monthly reports from the start (or the history's first month) until completion or today. */
export function planReports(ctx: PlanContext, plan: ProjectPlan): MonthReport[] {
  const { rng, today, start } = ctx;
  const began = startDay(plan);
  if (began === undefined) return [];
  const completed = moveDay(plan, 'completed');
  const thisMonth = monthOfDay(today);
  const firstMonth = Math.max(monthOfDay(began), monthOfDay(start));
  const lastMonth = Math.min(completed !== undefined ? monthOfDay(completed) : thisMonth, thisMonth);
  const startMonth = monthOfDay(began);
  const endMonth = completed !== undefined ? monthOfDay(completed) : Math.max(plan.plannedCompletion ?? startMonth + 12, thisMonth + 2);
  const speed = plan.light === 'red' ? 0.75 : plan.light === 'yellow' ? 0.9 : 1;

  const reports: MonthReport[] = [];
  let progress = 0;
  for (let month = firstMonth; month <= lastMonth; month++) {
    let filedOn: number;
    if (month === thisMonth) {
      // Only a project that started this month reports it now, so its year is not judged empty.
      if (startMonth !== thisMonth || completed !== undefined || monthNumberOf(thisMonth) === 1) continue;
      filedOn = Math.min(today, began + rng.int(0, 5));
    } else {
      filedOn = Math.min(workday(firstDay(month + 1) + plan.reportOffset), today);
    }
    filedOn = Math.max(filedOn, plan.registeredOn);
    if (plan.terminated && filedOn >= plan.terminated.on) break;
    const stalled = stalledAt(plan, lastDay(month)) && stalledAt(plan, firstDay(month));
    const done = completed !== undefined && month === monthOfDay(completed);
    const linear = ((month - startMonth + 1) / (endMonth - startMonth + 1)) * 100 * speed;
    if (!stalled) progress = done ? 100 : Math.max(progress, Math.min(99, Math.round(linear)));
    const report: MonthReport = { month, filedOn, investment: 0, progress };
    const previous = reports.at(-1)?.progress ?? 0;
    const crossed = MILESTONES.find(([at, , factory]) => previous < at && progress >= at && (!factory || plan.manufacturing));
    if (done) report.milestone = '竣工验收';
    else if (month === startMonth) report.milestone = '施工许可';
    else if (crossed) report.milestone = crossed[1];
    if (stalled) report.note = '项目停工';
    const base = (plan.annualPlan / 12) * plan.pace * rng.between(0.75, 1.25);
    report.investment = Math.round(stalled ? base * 0.03 : done ? base * 0.6 : base);
    reports.push(report);
  }
  aimThisYear(ctx, plan, reports);
  return reports;
}

/**
 * A project under construction today spends this year exactly as its light says: year-to-date
 * investment = (elapsed share − lag) × plan, spread over the months it has reported.
 */
function aimThisYear(ctx: PlanContext, plan: ProjectPlan, reports: MonthReport[]): void {
  const { rng, today } = ctx;
  if (plan.lagPoints === undefined || stageAt(plan, today) !== 'started' || stalledAt(plan, today)) return;
  const year = yearOfMonth(monthOfDay(today));
  const months = reports.filter((r) => yearOfMonth(r.month) === year);
  const elapsed = (monthNumberOf(monthOfDay(today)) - 1) / 12;
  if (months.length === 0 || elapsed === 0) return;
  const total = Math.max(0, Math.round((elapsed - plan.lagPoints / 100) * plan.annualPlan));
  const weights = months.map(() => rng.between(0.8, 1.2));
  const sum = weights.reduce((a, b) => a + b, 0);
  let left = total;
  months.forEach((report, i) => {
    report.investment = i === months.length - 1 ? left : Math.min(left, Math.round((total * weights[i]) / sum));
    left -= report.investment;
  });
}

export function progressOn(reports: MonthReport[], day: number): number {
  let progress = 0;
  for (const r of reports) if (r.filedOn <= day) progress = r.progress;
  return progress;
}
