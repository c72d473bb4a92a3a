/**
 * Leaders' visits and inspectors' checks (督查/走访/现场办公), month by month, and the problems they
 * and the task forces raise, through the closed loop: assigned (交办), sometimes escalated (上报) and
 * re-assigned at the higher level, resolved, verified and closed (销号), now and then reopened.
 * Today a few are overdue (on the projects chosen to be red for it) and a few are escalated and open.
 */
import type { Stage } from '@battlemap/events';
import type { Random } from '../random';
import { dayNumber, dayString, firstDay, lastDay, monthOfDay, monthString, workday } from './history-calendar';
import { type PlanContext, type ProjectPlan, liveAt, stageAt, stalledAt } from './history-projects';
import { type MonthReport, progressOn } from './history-progress';
import {
  CLOSE_NOTES,
  ESCALATION,
  REOPEN_REASONS,
  type ProblemCategory,
  findingsText,
  problemText,
  resolutionText,
  unitFor,
} from './history-text';
import { CITY_LEADERS, INSPECTORS, type Person, countyLeaders } from './people';
import { COUNTIES, PARKS, countyById } from './regions';
import { TASK_FORCES, taskForceById } from './task-forces';

type StepKind = 'assignProblem' | 'escalateProblem' | 'resolveProblem' | 'closeProblem' | 'reopenProblem';

export interface ProblemStep {
  kind: StepKind;
  on: number;
  body: Record<string, unknown>;
  actor: string;
}

export interface ProblemPlan {
  id: string;
  projectId?: string;
  regionId: string;
  taskForceId?: string;
  category: ProblemCategory;
  description: string;
  severity: 'normal' | 'major' | 'critical';
  raisedOn: number;
  deadline: number;
  /** Raised directly (POST /api/problems) by this person; otherwise by its inspection. */
  raisedBy?: string;
  steps: ProblemStep[];
}

export interface InspectionPlan {
  id: string;
  projectId: string;
  kind: 'inspection' | 'visit' | 'onsite';
  on: number;
  inspectorId: string;
  findings: string;
  rating: number;
  problems: ProblemPlan[];
}

type Mode = 'normal' | 'overdue' | 'escalatedOpen';

const STAGE_WEIGHT: Record<Stage, number> = { negotiating: 1, signed: 3, started: 6, completed: 1.5, operating: 0.5 };
const CATEGORIES: Partial<Record<Stage, Partial<Record<ProblemCategory, number>>>> = {
  negotiating: { land: 3, approval: 2, funding: 2, other: 1 },
  signed: { land: 4, approval: 4, funding: 2, infrastructure: 2, energy: 1, other: 1 },
  started: { funding: 4, approval: 2, labour: 3, energy: 3, infrastructure: 3, land: 2, other: 2 },
  completed: { energy: 3, labour: 2, approval: 2, infrastructure: 1, other: 1 },
  operating: { energy: 3, labour: 3, funding: 2, other: 1 },
};

const actorOf = {
  assign: (regionId: string) => `ld-${regionId}-1`,
  resolve: (regionId: string, id: string) => `ld-${regionId}-${3 + (id.length % 2)}`,
};

function weightedPick<T>(rng: Random, items: T[], weight: (item: T) => number): T | undefined {
  const weights = items.map(weight);
  let r = rng.float() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) if ((r -= weights[i]) < 0 && weights[i] > 0) return items[i];
  return undefined;
}

export class ProblemPlanner {
  private seq = 0;
  readonly inspections: InspectionPlan[] = [];
  readonly direct: ProblemPlan[] = [];

  constructor(
    private readonly ctx: PlanContext,
    private readonly plans: ProjectPlan[],
    private readonly reports: Map<string, MonthReport[]>,
  ) {}

  /** Every month: inspectors 4–6 checks, city leaders 0–2 visits to their task forces, county leaders 2–4. */
  planMonthly(): void {
    const { rng, start, today } = this.ctx;
    const leadersOf = new Map(TASK_FORCES.map((t) => [t.id, [t.chiefId, ...t.deputyChiefIds]]));
    const cityScope = (p: Person) => (plan: ProjectPlan) => leadersOf.get(plan.seed.taskForceId)?.includes(p.id) ?? false;
    const visitors: [Person, number, number, InspectionPlan['kind'][], (plan: ProjectPlan) => boolean][] = [
      ...INSPECTORS.map(
        (p) => [p, 4, 6, ['inspection'], () => true] as [Person, number, number, InspectionPlan['kind'][], (plan: ProjectPlan) => boolean],
      ),
      ...CITY_LEADERS.map(
        (p) =>
          [p, 0, 2, ['onsite', 'visit'], cityScope(p)] as [
            Person,
            number,
            number,
            InspectionPlan['kind'][],
            (plan: ProjectPlan) => boolean,
          ],
      ),
      ...COUNTIES.flatMap((c) => countyLeaders(c.id)).map(
        (p) =>
          [p, 2, 4, ['visit', 'visit', 'onsite'], (plan: ProjectPlan) => plan.seed.regionId === p.regionId] as [
            Person,
            number,
            number,
            InspectionPlan['kind'][],
            (plan: ProjectPlan) => boolean,
          ],
      ),
    ];
    const scoped = visitors.map(([person, min, max, kinds, fits]) => ({ person, min, max, kinds, plans: this.plans.filter(fits) }));
    for (let month = monthOfDay(start); month <= monthOfDay(today); month++) {
      const from = Math.max(firstDay(month), this.ctx.setupDay + 7);
      const to = Math.min(lastDay(month), today);
      if (from > to) continue;
      for (const { person, min, max, kinds, plans } of scoped) {
        const visits = rng.int(min, max);
        for (let i = 0; i < visits; i++) {
          const day = workday(rng.int(from, to), from, to);
          const plan = weightedPick(rng, plans, (p) => (liveAt(p, day) ? this.interest(p, day) : 0));
          if (plan) this.inspect(plan, day, person.id, rng.pick(kinds), month);
        }
      }
      this.planDirect(month, from, to);
    }
  }

  /** Projects under construction, stalled or lagging draw more visits. */
  private interest(plan: ProjectPlan, day: number): number {
    const lagging = plan.light !== 'green' && day > this.ctx.today - 120 ? 2 : 1;
    return STAGE_WEIGHT[stageAt(plan, day)] * (stalledAt(plan, day) ? 3 : 1) * lagging;
  }

  private inspect(
    plan: ProjectPlan,
    day: number,
    inspectorId: string,
    kind: InspectionPlan['kind'],
    month: number,
    mode: Mode = 'normal',
  ): InspectionPlan {
    const { rng } = this.ctx;
    const stage = stageAt(plan, day);
    const stalled = stalledAt(plan, day);
    const recent = day > this.ctx.today - 120;
    const base = stalled ? 1.5 : recent && plan.light === 'red' ? 2.5 : recent && plan.light === 'yellow' ? 3.2 : 4.3;
    const rating = Math.min(5, Math.max(1, Math.round(base + rng.normal() * 0.6)));
    const chance = stalled ? 0.5 : stage === 'started' ? 0.22 : stage === 'signed' ? 0.15 : 0.04;
    const count = mode !== 'normal' ? 1 : rng.chance(chance) ? (rng.chance(0.2) ? 2 : 1) : 0;
    const id = `i${monthString(month).replace('-', '')}-${String(++this.seq).padStart(4, '0')}`;
    const problems = Array.from({ length: count }, (_, n) => this.problem(`${id}-q${n + 1}`, plan, day, stage, mode));
    const inspection: InspectionPlan = {
      id,
      projectId: plan.seed.id,
      kind,
      on: day,
      inspectorId,
      rating,
      problems,
      findings: findingsText(rng, {
        stage,
        stalled,
        rating,
        problems: count,
        manufacturing: plan.manufacturing,
        progress: progressOn(this.reports.get(plan.seed.id) ?? [], day),
      }),
    };
    this.inspections.push(inspection);
    return inspection;
  }

  /** Task force chiefs raise problems of their projects; county leaders those of a park or area. */
  private planDirect(month: number, from: number, to: number): void {
    const { rng } = this.ctx;
    for (let i = rng.int(5, 9); i > 0; i--) {
      const day = workday(rng.int(from, to), from, to);
      const suffix = `${monthString(month).replace('-', '')}-${String(++this.seq).padStart(4, '0')}`;
      if (rng.chance(0.2)) {
        const county = rng.pick(COUNTIES);
        const category = rng.pick<ProblemCategory>(['infrastructure', 'infrastructure', 'land', 'energy', 'labour']);
        this.direct.push(
          this.lifecycle(this.basic(`q${suffix}`, county.id, undefined, category, day), 'normal', actorOf.assign(county.id)),
        );
        continue;
      }
      const plan = weightedPick(rng, this.plans, (p) => (liveAt(p, day) && stageAt(p, day) !== 'operating' ? this.interest(p, day) : 0));
      if (!plan) continue;
      const problem = this.problem(`q${suffix}`, plan, day, stageAt(plan, day), 'normal');
      problem.raisedBy = taskForceById(plan.seed.taskForceId).chiefId;
      this.direct.push(problem);
    }
  }

  /** Today's overdue problems (on the projects chosen to be red for it) and open escalated ones. */
  planToday(): void {
    const { rng, today } = this.ctx;
    for (const plan of this.plans.filter((p) => p.overdue)) {
      const raised = workday(Math.max(plan.registeredOn, today - rng.int(25, 75)), plan.registeredOn, today - 2);
      if (raised > today - 2) continue;
      this.inspect(plan, raised, rng.pick(INSPECTORS).id, 'inspection', monthOfDay(raised), 'overdue');
    }
    const open = rng.shuffle(
      this.plans.filter((p) => !p.overdue && liveAt(p, today) && stageAt(p, today) === 'started' && !stalledAt(p, today)),
    );
    for (const plan of open.slice(0, 6)) {
      const raised = workday(Math.max(plan.registeredOn, today - rng.int(25, 60)), plan.registeredOn, today);
      const problem = this.problem(
        `q${monthString(monthOfDay(raised)).replace('-', '')}-${String(++this.seq).padStart(4, '0')}`,
        plan,
        raised,
        'started',
        'escalatedOpen',
      );
      problem.raisedBy = taskForceById(plan.seed.taskForceId).chiefId;
      this.direct.push(problem);
    }
  }

  private problem(id: string, plan: ProjectPlan, day: number, stage: Stage, mode: Mode): ProblemPlan {
    const { rng } = this.ctx;
    const category = rng.weighted(CATEGORIES[stage] ?? { other: 1 });
    const problem = this.basic(id, plan.seed.regionId, plan, category, day);
    if (mode === 'overdue') problem.deadline = Math.min(day + rng.int(10, 20), this.ctx.today - 1);
    return this.lifecycle(problem, mode, actorOf.assign(plan.seed.regionId));
  }

  private basic(id: string, regionId: string, plan: ProjectPlan | undefined, category: ProblemCategory, day: number): ProblemPlan {
    const { rng } = this.ctx;
    return {
      id,
      regionId,
      category,
      raisedOn: day,
      steps: [],
      ...(plan && { projectId: plan.seed.id, taskForceId: plan.seed.taskForceId }),
      description: problemText(rng, category),
      severity: rng.weighted({ normal: 60, major: 30, critical: 10 }),
      deadline: day + rng.pick([15, 20, 30, 30, 45, 60]),
    };
  }

  private lifecycle(problem: ProblemPlan, mode: Mode, assigner: string): ProblemPlan {
    const { rng, today } = this.ctx;
    const county = countyById(problem.regionId);
    const plan = problem.projectId ? this.plans.find((p) => p.seed.id === problem.projectId) : undefined;
    const park = plan && PARKS.find((p) => plan.seed.leadUnit.startsWith(p.name));
    const steps: ProblemStep[] = [];
    let day = problem.raisedOn;
    let deadline = problem.deadline;
    const step = (kind: StepKind, on: number, body: Record<string, unknown>, actor: string) => {
      day = Math.max(on, day);
      steps.push({ kind, on: day, body, actor });
    };
    const inspector = rng.pick(INSPECTORS).id;
    step(
      'assignProblem',
      workday(day + rng.int(0, 3), day),
      { unit: unitFor(rng, problem.category, county, park && `${park.name}管理委员会`) },
      assigner,
    );
    const escalate = mode === 'escalatedOpen' || (mode === 'overdue' ? rng.chance(0.4) : rng.chance(0.12));
    if (escalate) {
      const level = rng.weighted({ county: 40, city: 40, joint_meeting: 20 });
      step('escalateProblem', workday(day + rng.int(3, 15), day), { level, reason: ESCALATION[level].reason }, assigner);
      if (mode !== 'overdue') {
        const on = workday(day + rng.int(1, 5), day);
        deadline = Math.max(on + rng.int(30, 75), mode === 'escalatedOpen' ? today + rng.int(10, 40) : 0);
        step('assignProblem', on, { unit: ESCALATION[level].unit(county), deadline: dayString(deadline) }, 'office-01');
      }
    }
    if (mode === 'normal') {
      const inTime = rng.chance(0.85);
      const resolved = escalate
        ? deadline - rng.int(-10, 25)
        : inTime
          ? problem.raisedOn + rng.int(3, Math.max(3, deadline - problem.raisedOn))
          : deadline + rng.int(1, 30);
      const resolver = actorOf.resolve(problem.regionId, problem.id);
      step('resolveProblem', workday(resolved, day), { resolution: resolutionText(rng, problem.category) }, resolver);
      step('closeProblem', workday(day + rng.int(1, 10), day + 1), { note: rng.pick(CLOSE_NOTES) }, inspector);
      if (rng.chance(0.04)) {
        step('reopenProblem', workday(day + rng.int(5, 30), day + 1), { reason: rng.pick(REOPEN_REASONS) }, inspector);
        step('resolveProblem', workday(day + rng.int(7, 30), day + 1), { resolution: resolutionText(rng, problem.category) }, resolver);
        step('closeProblem', workday(day + rng.int(1, 7), day + 1), { note: rng.pick(CLOSE_NOTES) }, inspector);
      }
    }
    problem.steps = this.untilToday(steps, deadline, mode, problem);
    return problem;
  }

  /** Drops what lies after today; a problem still open today past its deadline is solved in time instead. */
  private untilToday(steps: ProblemStep[], deadline: number, mode: Mode, problem: ProblemPlan): ProblemStep[] {
    const { rng, today } = this.ctx;
    const kept = steps.filter((s) => s.on <= today);
    if (mode !== 'normal') return kept;
    const last = kept.at(-1);
    const open = !last || last.kind === 'assignProblem' || last.kind === 'escalateProblem' || last.kind === 'reopenProblem';
    const effective = kept.reduce((d, s) => (typeof s.body.deadline === 'string' ? dayNumber(s.body.deadline) : d), deadline);
    if (!open || effective >= today) return kept;
    const from = last?.on ?? problem.raisedOn;
    const on = Math.max(from, Math.min(today, effective + rng.int(0, 10)));
    kept.push({
      kind: 'resolveProblem',
      on,
      body: { resolution: resolutionText(rng, problem.category) },
      actor: actorOf.resolve(problem.regionId, problem.id),
    });
    const closeOn = on + rng.int(1, 8);
    if (closeOn <= today)
      kept.push({ kind: 'closeProblem', on: closeOn, body: { note: rng.pick(CLOSE_NOTES) }, actor: rng.pick(INSPECTORS).id });
    return kept;
  }
}
