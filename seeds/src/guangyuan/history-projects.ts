/**
 * Each project's life over the demo history: when it was registered, signed, started, completed and
 * put into production, including the 集中开工/集中竣工 days when many move together; which projects
 * stalled, were revived (盘活) or were lost (终止). Flows per year follow seed 003's proportions at
 * about a third of the city's scale: new negotiations ≈ 85, signings ≈ 60, starts ≈ 110,
 * completions ≈ 125, revitalizations ≈ 10.
 */
import type { Stage } from '@battlemap/events';
import type { Random } from '../random';
import { dayNumber, firstDay, monthOfDay, monthNumberOf, workday, yearOfMonth } from './history-calendar';
import { LOSS_REASONS, STALL_REASONS, revivalText } from './history-text';
import { INDUSTRY_TEMPLATES } from './project-templates';
import type { ProjectSeed } from './projects';

interface Move {
  stage: Stage;
  on: number;
  batchId?: string;
  note?: string;
}

export interface Batch {
  on: number;
  stage: 'started' | 'completed';
  id: string;
  note: string;
  /** Only this task force's projects (the aluminium "两个一批" day); else every project. */
  taskForceId?: string;
}

export interface ProjectPlan {
  /** The registration body's source; planned dates are taken from the fields below instead. */
  seed: ProjectSeed;
  registeredOn: number;
  manufacturing: boolean;
  moves: Move[];
  /** Month indexes; set at registration, or at signing for a project registered in negotiation. */
  plannedStart?: number;
  plannedCompletion?: number;
  /** Day of the signing, when planned dates and the year's plan are set by an amendment then. */
  amendedOn?: number;
  annualPlan: number;
  stall?: { on: number; reason: string; revivedOn?: number; how?: string };
  terminated?: { on: number; reason: string };
  /** The light the project should show on the history's today, and why. */
  light: 'green' | 'yellow' | 'red';
  /** 序时进度 lag in points aimed at for a project under construction today. */
  lagPoints?: number;
  /** Carries a problem that is overdue today. */
  overdue: boolean;
  /** How fast it spends compared with its plan. */
  pace: number;
  /** Day of the month (offset from the 1st) its monthly report is usually filed. */
  reportOffset: number;
}

export interface PlanContext {
  rng: Random;
  /** Day numbers: the first day of the history, the set-up day, today. */
  start: number;
  setupDay: number;
  today: number;
  year: number;
  batches: Batch[];
}

const MANUFACTURING = new Set(INDUSTRY_TEMPLATES.filter((t) => t.manufacturing).map((t) => t.taskForceId));

/** Bigger projects take longer to build (months). */
export function buildMonths(rng: Random, totalInvestment: number): number {
  if (totalInvestment < 20_000) return rng.int(9, 16);
  if (totalInvestment < 100_000) return rng.int(14, 24);
  if (totalInvestment < 500_000) return rng.int(20, 32);
  return rng.int(28, 44);
}

/** A year's plan for a project starting in `startMonth`: the months left in that year's share. */
export function planForStart(seedPlan: number, startMonth: number): number {
  const share = Math.min(1, Math.max(0.35, (13 - monthNumberOf(startMonth)) / 12));
  return Math.max(100, Math.round((seedPlan * share) / 10) * 10);
}

export function batchDays(year: number, today: number): Batch[] {
  const last = year - 1;
  const rows: [string, Batch['stage'], string, string?][] = [
    [`${last}-03-18`, 'started', `${last}年一季度重点项目集中开工活动`],
    [`${last}-09-08`, 'started', '铝基新材料产业“两个一批”项目现场推进活动', 'aluminum'],
    [`${last}-09-08`, 'completed', '铝基新材料产业“两个一批”项目现场推进活动', 'aluminum'],
    [`${last}-12-18`, 'completed', `${last}年重点项目集中竣工活动`],
    [`${year}-03-18`, 'started', `${year}年一季度重点项目集中开工活动`],
    [`${year}-06-26`, 'completed', `${year}年上半年重点项目集中竣工活动`],
    [`${year}-09-08`, 'started', `${year}年三季度重点项目集中开工活动`],
    [`${year}-12-18`, 'completed', `${year}年重点项目集中竣工活动`],
  ];
  return rows
    .map(([day, stage, note, taskForceId]) => {
      const on = workday(dayNumber(day));
      const id = `batch-${day.replace(/-/g, '')}-${stage === 'started' ? 'start' : 'finish'}${taskForceId ? '-al' : ''}`;
      return { on, stage, note, id, ...(taskForceId && { taskForceId }) };
    })
    .filter((b) => b.on <= today);
}

/** Joins a batch day near `day` (not before `earliest`), as most projects do on such a day. */
function snap(ctx: PlanContext, plan: ProjectPlan, stage: Batch['stage'], day: number, earliest: number): Move | null {
  for (const batch of ctx.batches) {
    if (batch.stage !== stage || batch.on < earliest) continue;
    const own = batch.taskForceId !== undefined;
    if (own && batch.taskForceId !== plan.seed.taskForceId) continue;
    const [before, after] = own ? [75, 75] : stage === 'started' ? [35, 40] : [30, 35];
    if (day >= batch.on - before && day <= batch.on + after && ctx.rng.chance(own ? 0.95 : 0.8)) {
      return { stage, on: batch.on, batchId: batch.id, note: batch.note };
    }
  }
  return null;
}

const SLIP = { '0': 55, '1': 22, '2': 12, '3': 7, '4': 4 };

/** Plans the stage moves after registration, stopping at today. */
export function planMoves(ctx: PlanContext, plan: ProjectPlan): void {
  const { rng, today } = ctx;
  let stage = plan.seed.stage;
  let at = Math.max(dayNumber(plan.seed.stageOn), plan.registeredOn);
  const push = (move: Move) => {
    plan.moves.push(move);
    stage = move.stage;
    at = move.on;
  };
  for (;;) {
    switch (stage) {
      case 'negotiating': {
        const r = rng.float();
        if (r < 0.08) {
          const on = workday(at + rng.int(60, 300), at + 1, today);
          if (on <= today) plan.terminated = { on, reason: rng.pick(LOSS_REASONS.negotiating) };
          return;
        }
        if (r > 0.6) return;
        const on = workday(at + rng.int(40, 240), at + 1, today);
        if (on > today) return;
        const start = monthOfDay(on) + (plan.seed.totalInvestment >= 50_000 ? rng.int(3, 14) : rng.int(2, 8));
        plan.plannedStart = start;
        plan.plannedCompletion = start + buildMonths(rng, plan.seed.totalInvestment);
        plan.amendedOn = on;
        if (yearOfMonth(start) === yearOfMonth(monthOfDay(on))) plan.annualPlan = planForStart(plan.seed.annualPlanInvestment, start);
        push({ stage: 'signed', on });
        break;
      }
      case 'signed': {
        if (rng.chance(0.04)) {
          const on = workday(at + rng.int(60, 240), at + 1, today);
          if (on <= today) plan.terminated = { on, reason: rng.pick(LOSS_REASONS.signed) };
          return;
        }
        const planned = plan.plannedStart ?? monthOfDay(at) + rng.int(1, 6);
        const day = Math.max(firstDay(planned + Number(rng.weighted(SLIP))) + rng.int(0, 27), at + 15);
        const move = snap(ctx, plan, 'started', day, at + 1) ?? { stage: 'started' as const, on: workday(day, at + 1) };
        if (move.on > today) return;
        push(move);
        break;
      }
      case 'started': {
        const planned = plan.plannedCompletion ?? monthOfDay(at) + buildMonths(rng, plan.seed.totalInvestment);
        const day = Math.max(firstDay(planned + Number(rng.weighted(SLIP))) + rng.int(0, 27), at + 150);
        const move = snap(ctx, plan, 'completed', day, at + 1) ?? { stage: 'completed' as const, on: workday(day, at + 1) };
        if (move.on > today) return;
        push(move);
        break;
      }
      case 'completed': {
        if (!rng.chance(0.85)) return;
        const on = workday(at + rng.int(20, 180), at + 1);
        if (on > today) return;
        push({ stage: 'operating', on });
        break;
      }
      case 'operating':
        return;
    }
  }
}

export function startDay(plan: ProjectPlan): number | undefined {
  if (plan.seed.stage === 'started') return dayNumber(plan.seed.stageOn);
  return plan.moves.find((m) => m.stage === 'started')?.on;
}

export function moveDay(plan: ProjectPlan, stage: Stage): number | undefined {
  return plan.moves.find((m) => m.stage === stage)?.on;
}

export function stageAt(plan: ProjectPlan, day: number): Stage {
  let stage = plan.seed.stage;
  for (const move of plan.moves) if (move.on <= day) stage = move.stage;
  return stage;
}

export function stalledAt(plan: ProjectPlan, day: number): boolean {
  const stall = plan.stall;
  return !!stall && stall.on <= day && (stall.revivedOn === undefined || stall.revivedOn > day);
}

export function liveAt(plan: ProjectPlan, day: number): boolean {
  return plan.registeredOn <= day && !(plan.terminated && plan.terminated.on <= day);
}

/**
 * Problem projects (问题项目): some projects under construction stall; most are revived months later
 * (their remaining moves shift by as long), a few are lost, the rest are still stalled today.
 */
export function planStalls(ctx: PlanContext, plans: ProjectPlan[]): void {
  const { rng, start, today } = ctx;
  const kinds: [fate: 'revived' | 'stalled' | 'lost', count: number, from: number, to: number][] = [
    ['revived', 20, start + 20, today - 230],
    ['lost', 3, start + 30, today - 250],
    ['stalled', 7, today - 220, today - 30],
  ];
  for (const [fate, count, from, to] of kinds) {
    for (let i = 0; i < count && from <= to; i++) {
      const on = workday(rng.int(from, to), from, to);
      const candidates = plans.filter((p) => {
        const began = startDay(p);
        const done = moveDay(p, 'completed') ?? Infinity;
        return !p.stall && !p.terminated && began !== undefined && began + 30 <= on && done - 15 >= on;
      });
      if (candidates.length > 0) stall(ctx, rng.pick(candidates), on, fate);
    }
  }
}

/** Stalls a project on `on`; a revived one's remaining moves shift by the time it stood still. */
function stall(ctx: PlanContext, plan: ProjectPlan, on: number, fate: 'revived' | 'stalled' | 'lost'): void {
  const { rng, today } = ctx;
  plan.stall = { on, reason: rng.pick(STALL_REASONS) };
  const later = plan.moves.filter((m) => m.on > on);
  plan.moves = plan.moves.filter((m) => m.on <= on);
  if (fate === 'lost') {
    plan.terminated = { on: workday(Math.min(on + rng.int(90, 200), today), on + 1, today), reason: rng.pick(LOSS_REASONS.stalled) };
    return;
  }
  if (fate === 'stalled') return;
  const revivedOn = workday(Math.min(on + rng.int(45, 200), today), on + 1, today);
  plan.stall.revivedOn = revivedOn;
  plan.stall.how = revivalText(rng);
  const shift = revivedOn - on + rng.int(20, 50);
  for (const move of later) {
    const moved = workday(move.on + shift, revivedOn + 1);
    if (moved <= today) plan.moves.push({ stage: move.stage, on: moved });
  }
}

export function newPlan(seed: ProjectSeed, registeredOn: number, rng: Random): ProjectPlan {
  return {
    seed,
    registeredOn,
    manufacturing: MANUFACTURING.has(seed.taskForceId),
    moves: [],
    annualPlan: seed.annualPlanInvestment,
    light: 'green',
    overdue: false,
    pace: Math.min(1.25, Math.max(0.8, 1 + rng.normal() * 0.12)),
    reportOffset: rng.int(0, 8),
  };
}
