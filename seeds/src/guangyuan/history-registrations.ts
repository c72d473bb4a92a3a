/**
 * Which projects the history holds and when each enters it: the ~400 projects as they stood when
 * last year began (registered in its first days), then, month by month, new negotiations, projects
 * found already signed, and small projects entered when they start (seed 003's 363 starts average
 * 1.6亿, so most 新开工 are small).
 */
import type { Stage } from '@battlemap/events';
import type { Random } from '../random';
import { dayString, firstDay, monthIndex, monthNumberOf, monthOfDay, workday } from './history-calendar';
import { type PlanContext, type ProjectPlan, buildMonths, newPlan, planForStart } from './history-projects';
import { buildProjects, type ProjectSeed } from './projects';

/** Projects for registrations during the history: another draw of the generator, minus known names. */
export function projectPool(rng: Random, baseYear: number, seed: number, taken: ProjectSeed[]): ProjectSeed[] {
  const names = new Set(taken.map((p) => p.name));
  return rng.shuffle(buildProjects(baseYear, seed ^ 0x5eed).filter((p) => !names.has(p.name)));
}

/** The initial projects, as they stood when the history begins, registered in its first days. */
export function initialPlans(ctx: PlanContext, seeds: ProjectSeed[]): ProjectPlan[] {
  const { rng, setupDay } = ctx;
  return seeds.map((seed) => {
    const plan = newPlan(seed, workday(setupDay + rng.int(0, 8), setupDay), rng);
    if (seed.stage === 'signed') {
      // Signed projects start over last year and the first half of this one, not all at once; most
      // aluminium ones were lined up for the task force's "两个一批" day in September (seed 003).
      const september = seed.taskForceId === 'aluminum' && rng.chance(0.8);
      plan.plannedStart = monthOfDay(ctx.start) + (september ? rng.int(7, 8) : Math.floor(rng.between(0, 22)));
      plan.plannedCompletion = plan.plannedStart + buildMonths(rng, seed.totalInvestment);
    } else {
      if (seed.plannedStart) plan.plannedStart = monthIndex(seed.plannedStart);
      if (seed.plannedCompletion) plan.plannedCompletion = monthIndex(seed.plannedCompletion);
      if (seed.stage === 'started' && plan.plannedStart !== undefined) {
        plan.plannedCompletion = Math.max(plan.plannedCompletion ?? 0, plan.plannedStart + buildMonths(rng, seed.totalInvestment));
      }
    }
    return plan;
  });
}

/** New projects month by month: negotiations opened, projects found already signed, small projects started. */
export function registrationsDuringHistory(ctx: PlanContext, pool: ProjectSeed[], firstId: number): ProjectPlan[] {
  const { rng, start, today } = ctx;
  const plans: ProjectPlan[] = [];
  let nextId = firstId;
  const take = (fits: (p: ProjectSeed) => boolean): ProjectSeed | undefined => {
    const index = pool.findIndex(fits);
    const found = index >= 0 ? pool.splice(index, 1)[0] : pool.shift();
    return found && { ...found, id: `p${String(nextId++).padStart(4, '0')}`, kind: found.kind === '续建' ? '新建' : found.kind };
  };
  for (let month = monthOfDay(start); month <= monthOfDay(today); month++) {
    const m = monthNumberOf(month);
    const quiet = m === 1 || m === 2;
    const counts: [Stage, number][] = [
      ['negotiating', Math.max(3, Math.round(8.5 + rng.normal() * 2))],
      ['signed', rng.int(0, 2)],
      ['started', quiet ? rng.int(1, 3) : rng.int(3, 5)],
    ];
    for (const [stage, n] of counts) {
      for (let i = 0; i < n; i++) {
        const registeredOn = workday(firstDay(month) + rng.int(0, 27), firstDay(month) + 1, today);
        if (registeredOn > today || registeredOn < ctx.setupDay) continue;
        const seed = take(stage === 'started' ? (p) => p.totalInvestment <= 30_000 : () => true);
        if (!seed) return plans;
        plans.push(newRegistration(ctx, seed, stage, registeredOn));
      }
    }
  }
  return plans;
}

function newRegistration(ctx: PlanContext, base: ProjectSeed, stage: Stage, registeredOn: number): ProjectPlan {
  const { rng } = ctx;
  const stageOn = stage === 'started' ? Math.max(ctx.setupDay, registeredOn - rng.int(0, 12)) : registeredOn;
  const { plannedStart: _s, plannedCompletion: _c, ...rest } = base;
  const seed: ProjectSeed = { ...rest, stage, stageOn: dayString(stageOn) };
  const plan = newPlan(seed, registeredOn, rng);
  if (stage === 'signed' || stage === 'started') {
    const start = stage === 'started' ? monthOfDay(stageOn) - (rng.chance(0.2) ? 1 : 0) : monthOfDay(registeredOn) + rng.int(1, 5);
    plan.plannedStart = start;
    plan.plannedCompletion = start + buildMonths(rng, seed.totalInvestment);
    plan.annualPlan = planForStart(seed.annualPlanInvestment, start);
  }
  return plan;
}
