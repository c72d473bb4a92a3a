import type { DomainEvent } from '../catalogue/events';
import { STAGES } from '../catalogue/primitives';
import { event } from './board-test-kit';
import { mulberry32 } from '../random';

/**
 * A seeded stream of random but valid events for the property and performance specs: stages only
 * move forward (a jump emits every skipped stage), problems follow the closed loop, business dates
 * move forward with the occasional backdating. Not exported from the package.
 */

interface ProjectModel {
  id: string;
  stage: number;
  live: boolean;
  stalled: boolean;
}

interface ProblemModel {
  id: string;
  status: 'raised' | 'assigned' | 'escalated' | 'resolved' | 'closed';
}

const REGIONS = ['lizhou', 'cangxi', 'zhaohua', 'lizhou-park'];
const TASK_FORCES = ['alu', 'food', 'logistics', 'energy'];
const START = Date.UTC(2025, 9, 1);

class Generator {
  readonly out: DomainEvent[] = [];
  private readonly projects: ProjectModel[] = [];
  private readonly problems: ProblemModel[] = [];
  private dayIndex = 0;
  private serial = 0;

  /** Chance that a step moves the calendar on, so any length of stream spans about two years. */
  private readonly dayRate: number;

  /** Chance that a project change is its loss, so about a fifth of the projects are lost in any stream. */
  private readonly lossRate: number;

  constructor(
    private readonly random: () => number,
    private readonly maxProjects: number,
    count: number,
  ) {
    this.dayRate = Math.min(1, 450 / count);
    this.lossRate = Math.min(0.05, maxProjects / count / 5);
  }

  int(max: number): number {
    return Math.floor(this.random() * max);
  }

  pick<T>(items: T[]): T {
    return items[this.int(items.length)];
  }

  /** Today's business date, sometimes backdated by up to two weeks. */
  day(): string {
    const back = this.random() < 0.2 ? this.int(14) : 0;
    return new Date(START + Math.max(0, this.dayIndex - back) * 86_400_000).toISOString().slice(0, 10);
  }

  tick(): void {
    if (this.random() < this.dayRate) this.dayIndex += 1 + this.int(2);
  }

  frame(): void {
    this.out.push(event('RegionDefined', { regionId: 'guangyuan', name: '广元市', kind: 'city' }));
    for (const id of REGIONS.slice(0, 3))
      this.out.push(event('RegionDefined', { regionId: id, name: `${id}区`, kind: 'county', parentId: 'guangyuan' }));
    this.out.push(event('RegionDefined', { regionId: 'lizhou-park', name: '经开区', kind: 'park', parentId: 'lizhou' }));
    for (const id of TASK_FORCES)
      this.out.push(event('TaskForceFormed', { taskForceId: id, name: `${id}专班`, industry: id, chiefId: 'c', leadUnit: 'u' }));
  }

  register(): void {
    const id = `p${++this.serial}`;
    const stage = this.int(4);
    this.projects.push({ id, stage, live: true, stalled: false });
    this.out.push(
      event('ProjectRegistered', {
        projectId: id,
        name: `项目${id}`,
        taskForceId: this.pick(TASK_FORCES),
        regionId: this.pick(REGIONS),
        owner: '公司',
        kind: '新建',
        totalInvestment: 1_000 + this.int(500_000),
        annualPlanInvestment: 500 + this.int(50_000),
        plannedStart: `2026-${String(1 + this.int(12)).padStart(2, '0')}`,
        location: [105, 32],
        stage: STAGES[stage],
        stageOn: this.day(),
      }),
    );
  }

  /** A project still on the board, if a few draws find one. */
  liveProject(): ProjectModel | undefined {
    for (let attempt = 0; attempt < 4 && this.projects.length > 0; attempt++) {
      const project = this.pick(this.projects);
      if (project.live) return project;
    }
    return undefined;
  }

  advance(project: ProjectModel): void {
    const to = Math.min(STAGES.length - 1, project.stage + 1 + this.int(2));
    const on = this.day();
    for (let s = project.stage + 1; s <= to; s++) {
      this.out.push(event('ProjectStageAdvanced', { projectId: project.id, from: STAGES[s - 1], to: STAGES[s], on, skipped: s < to }));
    }
    project.stage = to;
  }

  projectChange(project: ProjectModel): void {
    const roll = this.random();
    const on = this.day();
    if (this.random() < this.lossRate) {
      this.out.push(event('ProjectTerminated', { projectId: project.id, reason: '流失', on }));
      project.live = false;
    } else if (roll < 0.55) {
      this.out.push(
        event('ProgressReported', { projectId: project.id, month: on.slice(0, 7), investment: this.int(5_000), progress: this.int(101) }),
      );
    } else if (roll < 0.75 && project.stage < STAGES.length - 1) {
      this.advance(project);
    } else if (roll < 0.85) {
      this.out.push(
        project.stalled
          ? event('ProjectRevitalized', { projectId: project.id, how: '盘活', on })
          : event('ProjectStalled', { projectId: project.id, reason: '停滞', on }),
      );
      project.stalled = !project.stalled;
    } else if (roll < 0.9) {
      this.out.push(
        event('ProjectDetailsAmended', {
          projectId: project.id,
          changes: { regionId: this.pick(REGIONS), annualPlanInvestment: this.int(40_000) },
        }),
      );
    } else {
      this.out.push(
        event('InspectionRecorded', {
          inspectionId: `i${++this.serial}`,
          projectId: project.id,
          kind: 'visit',
          on,
          inspectorId: `x${this.int(5)}`,
          findings: '正常',
          rating: 3,
          problems: [],
        }),
      );
    }
  }

  raiseProblem(): void {
    const id = `q${++this.serial}`;
    const project = this.random() < 0.8 ? this.liveProject() : undefined;
    const raisedOn = this.day();
    const deadline = new Date(Date.parse(raisedOn) + this.int(90) * 86_400_000).toISOString().slice(0, 10);
    this.problems.push({ id, status: 'raised' });
    this.out.push(
      event('ProblemRaised', {
        problemId: id,
        ...(project ? { projectId: project.id } : { regionId: this.pick(REGIONS), taskForceId: this.pick(TASK_FORCES) }),
        category: 'funding',
        description: `问题${id}`,
        deadline,
        severity: 'normal',
        raisedOn,
      }),
    );
  }

  problemStep(problem: ProblemModel): void {
    const on = this.day();
    const problemId = problem.id;
    const next: Record<ProblemModel['status'], () => DomainEvent> = {
      raised: () =>
        this.random() < 0.7
          ? event('ProblemAssigned', { problemId, unit: '局', on })
          : event('ProblemEscalated', { problemId, level: 'city', reason: 'r', on }),
      assigned: () =>
        this.random() < 0.7
          ? event('ProblemResolved', { problemId, resolution: 'ok', on })
          : event('ProblemEscalated', { problemId, level: 'joint_meeting', reason: 'r', on }),
      escalated: () => event('ProblemResolved', { problemId, resolution: 'ok', on }),
      resolved: () => event('ProblemClosed', { problemId, on }),
      closed: () => event('ProblemReopened', { problemId, reason: '复查', on }),
    };
    const step = next[problem.status]();
    this.out.push(step);
    const status = {
      ProblemAssigned: 'assigned',
      ProblemEscalated: 'escalated',
      ProblemResolved: 'resolved',
      ProblemClosed: 'closed',
      ProblemReopened: 'assigned',
    } as const;
    problem.status = status[step.type as keyof typeof status];
  }

  rare(): void {
    const on = this.day();
    const roll = this.int(6);
    if (roll === 0) this.out.push(event('RedFlagAwarded', { taskForceId: this.pick(TASK_FORCES), month: on.slice(0, 7), on }));
    if (roll === 1)
      this.out.push(
        event('IndicatorTargetSet', {
          regionId: this.pick(REGIONS),
          metric: 'gdp',
          year: 2026,
          target: 1 + this.int(1_000_000),
          unit: '万元',
          label: '规上工业总产值',
        }),
      );
    if (roll === 2)
      this.out.push(
        event('IndicatorReported', {
          regionId: this.pick(REGIONS),
          metric: 'gdp',
          year: 2026,
          month: `2026-${String(1 + this.int(12)).padStart(2, '0')}`,
          value: this.int(900_000),
          yoy: this.random() < 0.2 ? null : this.int(20) - 5,
        }),
      );
    if (roll === 3)
      this.out.push(
        event('LightRulesAdopted', {
          version: 1 + this.int(3),
          effectiveFrom: on,
          yellowLagPoints: 5 + this.int(10),
          redLagPoints: 20 + this.int(20),
          redStartSlipMonths: 1 + this.int(4),
        }),
      );
    if (roll === 4) this.out.push({ type: 'SomethingFromTheFuture', data: { on } } as unknown as DomainEvent);
    if (roll === 5)
      this.out.push(
        event('AccountCreated', {
          username: `u${this.serial}`,
          displayName: '某人',
          role: 'screen',
          scopes: { taskForces: [], regions: [] },
        }),
      );
  }

  step(): void {
    this.tick();
    const roll = this.random();
    const project = this.liveProject();
    const problem = this.problems.length > 0 ? this.pick(this.problems) : undefined;
    if (roll < 0.15 && this.projects.length < this.maxProjects) this.register();
    else if (roll < 0.8 && project) this.projectChange(project);
    else if (roll < 0.85) this.raiseProblem();
    else if (roll < 0.97 && problem) this.problemStep(problem);
    else this.rare();
  }
}

/** About `count` events (a jump can add a few more), starting with regions and task forces. */
export function randomStream(seed: number, count: number, maxProjects = 400): DomainEvent[] {
  const generator = new Generator(mulberry32(seed), maxProjects, count);
  generator.frame();
  while (generator.out.length < count) generator.step();
  return generator.out;
}
