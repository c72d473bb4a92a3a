/**
 * The Guangyuan demo's history: last year and this year up to `today`, as the ordered HTTP commands
 * the simulated people sent. Deterministic for a (today, seed) pair, and valid in order: dates never
 * after today, stages only forward, deadlines after the day a problem is raised, every problem step
 * allowed in the state it finds. The loader replays it through the same command path as people use.
 */
import { Random } from '../random';
import { OFFICE_ACCOUNT, STATS_ACCOUNT } from './history-accounts';
import { dayNumber, dayString, monthString, workday } from './history-calendar';
import { CommandLog, type DemoCommand, PHASE } from './history-commands';
import { planIndicators, planRedFlags } from './history-indicators';
import { type InspectionPlan, type ProblemPlan, ProblemPlanner } from './history-problems';
import { type MonthReport, assignLights, planReports } from './history-progress';
import { type PlanContext, type ProjectPlan, batchDays, planMoves, planStalls } from './history-projects';
import { initialPlans, projectPool, registrationsDuringHistory } from './history-registrations';
import { DEFAULT_PROJECT_SEED, buildProjects } from './projects';
import { CITY, COUNTIES, PARKS } from './regions';
import { TASK_FORCES } from './task-forces';

export type { DemoCommand, DemoCommandKind } from './history-commands';
export { demoAccounts, type DemoAccount, OFFICE_ACCOUNT, STATS_ACCOUNT } from './history-accounts';
export { historyDecider, type ReplaySink } from './history-replay';

export const DEFAULT_HISTORY_SEED = 20260101;

export function buildHistory(today: string, seed = DEFAULT_HISTORY_SEED): DemoCommand[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`today must be YYYY-MM-DD, got ${today}`);
  const year = Number(today.slice(0, 4));
  const rng = new Random(seed);
  const todayNumber = dayNumber(today);
  const ctx: PlanContext = {
    rng,
    start: dayNumber(`${year - 1}-01-01`),
    setupDay: workday(dayNumber(`${year - 1}-01-05`)),
    today: todayNumber,
    year,
    batches: batchDays(year, todayNumber),
  };
  // The projects as they stood when last year began, then the ones that appear during the history.
  const base = buildProjects(year - 1, DEFAULT_PROJECT_SEED);
  const plans = initialPlans(ctx, base);
  plans.push(...registrationsDuringHistory(ctx, projectPool(rng, year - 1, seed, base), base.length + 1));
  for (const plan of plans) planMoves(ctx, plan);
  planStalls(ctx, plans);
  assignLights(ctx, plans);
  const reports = new Map(plans.map((p) => [p.seed.id, planReports(ctx, p)]));
  const planner = new ProblemPlanner(ctx, plans, reports);
  planner.planMonthly();
  planner.planToday();
  const problems = [...planner.inspections.flatMap((i) => i.problems), ...planner.direct];

  const log = new CommandLog();
  writeSetup(log, ctx);
  for (const plan of plans) writeProject(log, plan, reports.get(plan.seed.id) ?? []);
  for (const inspection of planner.inspections) writeInspection(log, inspection);
  for (const problem of planner.direct) writeDirectProblem(log, problem);
  writeIndicators(log, ctx);
  for (const award of planRedFlags(rng, plans, problems, ctx.start, todayNumber)) {
    log.add(
      award.on,
      PHASE.redFlag,
      'awardRedFlag',
      `/api/taskforces/${award.taskForceId}/red-flag`,
      { month: monthString(award.month), on: dayString(award.on) },
      OFFICE_ACCOUNT,
    );
  }
  return log.sorted();
}

function writeSetup(log: CommandLog, ctx: PlanContext): void {
  const day = ctx.setupDay;
  const region = (body: Record<string, unknown>) => log.add(day, PHASE.setup, 'defineRegion', '/api/regions', body, OFFICE_ACCOUNT);
  region({ id: CITY.id, name: CITY.name, kind: 'city' });
  for (const county of COUNTIES) region({ id: county.id, name: county.name, kind: 'county', parentId: CITY.id });
  for (const park of PARKS) region({ id: park.id, name: park.name, kind: 'park', parentId: park.regionId });
  for (const tf of TASK_FORCES) {
    log.add(
      day,
      PHASE.setup,
      'formTaskForce',
      '/api/taskforces',
      { id: tf.id, name: tf.name, industry: tf.industry, chiefId: tf.chiefId, leadUnit: tf.leadUnit },
      OFFICE_ACCOUNT,
    );
  }
  log.add(
    day,
    PHASE.setup,
    'adoptLightRules',
    '/api/light-rules',
    {
      effectiveFrom: `${ctx.year - 1}-01-01`,
      yellowLagPoints: 10,
      redLagPoints: 30,
      redStartSlipMonths: 3,
    },
    OFFICE_ACCOUNT,
  );
}

function plannedDates(plan: ProjectPlan): Record<string, string> {
  const start = plan.plannedStart;
  if (start === undefined) return {};
  const completion = plan.plannedCompletion !== undefined && plan.plannedCompletion > start ? plan.plannedCompletion : start + 12;
  return { plannedStart: monthString(start), plannedCompletion: monthString(completion) };
}

function writeProject(log: CommandLog, plan: ProjectPlan, reports: MonthReport[]): void {
  const { seed } = plan;
  const path = `/api/projects/${seed.id}`;
  const leader = seed.leaderId;
  const registration = {
    id: seed.id,
    name: seed.name,
    taskForceId: seed.taskForceId,
    regionId: seed.regionId,
    owner: seed.owner,
    kind: seed.kind,
    totalInvestment: seed.totalInvestment,
    annualPlanInvestment: plan.amendedOn === undefined ? plan.annualPlan : seed.annualPlanInvestment,
    stage: seed.stage,
    stageOn: seed.stageOn,
    ...(plan.amendedOn === undefined && plannedDates(plan)),
    location: seed.location,
    leadUnit: seed.leadUnit,
    leaderId: leader,
  };
  log.add(plan.registeredOn, PHASE.register, 'registerProject', '/api/projects', registration, `ld-${seed.regionId}-2`);
  if (plan.amendedOn !== undefined) {
    const plannedInvestment = plan.annualPlan !== seed.annualPlanInvestment ? { annualPlanInvestment: plan.annualPlan } : {};
    log.add(plan.amendedOn, PHASE.amend, 'amendProject', path, { ...plannedDates(plan), ...plannedInvestment }, leader);
  }
  for (const move of plan.moves) {
    const body = {
      stage: move.stage,
      on: dayString(move.on),
      ...(move.note && { note: move.note }),
      ...(move.batchId && { batchId: move.batchId }),
    };
    log.add(move.on, PHASE.stage, 'advanceStage', `${path}/stage`, body, leader);
  }
  const { stall, terminated } = plan;
  if (stall) {
    log.add(stall.on, PHASE.stall, 'markStalled', `${path}/stalled`, { reason: stall.reason, on: dayString(stall.on) }, leader);
    if (stall.revivedOn !== undefined) {
      log.add(
        stall.revivedOn,
        PHASE.stall,
        'revitalize',
        `${path}/revitalized`,
        { how: stall.how, on: dayString(stall.revivedOn) },
        leader,
      );
    }
  }
  const reporter = `ld-${seed.regionId}-${3 + (Number(seed.id.slice(1)) % 2)}`;
  for (const r of reports) {
    const body = {
      month: monthString(r.month),
      investment: r.investment,
      progress: r.progress,
      ...(r.milestone && { milestone: r.milestone }),
      ...(r.note && { note: r.note }),
    };
    log.add(r.filedOn, PHASE.progress, 'reportProgress', `${path}/progress`, body, reporter);
  }
  if (terminated)
    log.add(
      terminated.on,
      PHASE.terminate,
      'terminate',
      `${path}/terminated`,
      { reason: terminated.reason, on: dayString(terminated.on) },
      leader,
    );
}

const VERB = {
  assignProblem: 'assign',
  escalateProblem: 'escalate',
  resolveProblem: 'resolve',
  closeProblem: 'close',
  reopenProblem: 'reopen',
} as const;

function writeSteps(log: CommandLog, problem: ProblemPlan): void {
  for (const step of problem.steps) {
    log.add(
      step.on,
      PHASE.problemStep,
      step.kind,
      `/api/problems/${problem.id}/${VERB[step.kind]}`,
      { ...step.body, on: dayString(step.on) },
      step.actor,
    );
  }
}

const spec = (p: ProblemPlan) => ({
  category: p.category,
  description: p.description,
  deadline: dayString(p.deadline),
  severity: p.severity,
});

function writeInspection(log: CommandLog, inspection: InspectionPlan): void {
  const { id, projectId, kind, on, inspectorId, findings, rating, problems } = inspection;
  const body = {
    id,
    projectId,
    kind,
    on: dayString(on),
    inspectorId,
    findings,
    rating,
    ...(problems.length > 0 && { problems: problems.map(spec) }),
  };
  log.add(on, PHASE.inspection, 'recordInspection', '/api/inspections', body, inspectorId);
  for (const problem of problems) writeSteps(log, problem);
}

function writeDirectProblem(log: CommandLog, problem: ProblemPlan): void {
  const place = problem.projectId ? { projectId: problem.projectId } : { regionId: problem.regionId };
  const body = { id: problem.id, ...place, ...spec(problem), raisedOn: dayString(problem.raisedOn) };
  log.add(problem.raisedOn, PHASE.raise, 'raiseProblem', '/api/problems', body, problem.raisedBy ?? `ld-${problem.regionId}-1`);
  writeSteps(log, problem);
}

function writeIndicators(log: CommandLog, ctx: PlanContext): void {
  const { targets, reports } = planIndicators(ctx.rng, ctx.year, ctx.today);
  const thisYearDay = Math.min(workday(dayNumber(`${ctx.year}-01-06`)), ctx.today);
  for (const t of targets) {
    const day = t.year === ctx.year ? thisYearDay : ctx.setupDay;
    const body = { regionId: t.regionId, metric: t.metric, year: t.year, target: t.target, unit: t.unit, label: t.label };
    log.add(day, PHASE.target, 'setIndicatorTarget', '/api/indicators', body, OFFICE_ACCOUNT);
  }
  for (const r of reports) {
    const { regionId, metric, year } = r.target;
    log.add(
      r.filedOn,
      PHASE.indicator,
      'reportIndicator',
      `/api/indicators/${regionId}/${metric}/${year}/report`,
      {
        month: monthString(r.month),
        value: r.value,
        yoy: r.yoy,
      },
      STATS_ACCOUNT,
    );
  }
}
