/**
 * A dry run of the demo history without a server: turns each command into the events the server's
 * controllers and deciders would append (checking the same rules: dates not after today, stages
 * only forward and never while stalled, problem steps allowed in their state) and folds them into
 * the board with the shared projection. Tests use it to check the history's validity and the board
 * it makes; the real load goes through the server's command path.
 */
import {
  type BoardState, type DomainEvent, type EventEnvelope, type Stage, STAGES, evolveBoard, initialBoard,
} from '@battlemap/events';
import type { DemoCommand } from './history-commands';

type Body = Record<string, any>;

export class ReplayError extends Error {}

interface ProjectFacts {
  stage: Stage;
  stageOn: string;
  registeredOn: string;
  stalled: boolean;
  terminated: boolean;
  regionId: string;
  taskForceId: string;
}

export class HistoryReplay {
  readonly state: BoardState = initialBoard();
  private position = 0;
  private readonly projects = new Map<string, ProjectFacts>();
  private readonly problems = new Map<string, { status: string; assigned: boolean; raisedOn: string }>();
  private readonly streams = new Set<string>();

  constructor(private readonly today: string) {}

  apply(command: DemoCommand): void {
    const fail = (why: string) => {
      throw new ReplayError(`${command.on} ${command.kind} ${command.path}: ${why}`);
    };
    if (command.on > this.today) fail('after today');
    for (const event of this.decide(command, command.body as Body, fail)) this.emit(event);
  }

  private emit(event: DomainEvent): void {
    const envelope = { id: String(this.position), stream: '', revision: 0, position: String(++this.position), type: event.type, data: event.data, meta: { actor: { id: 'demo', name: 'demo', role: 'supervisor' }, recordedAt: 0, correlationId: '', schema: 1, prevHash: '', hash: '' } } as EventEnvelope;
    evolveBoard(this.state, envelope);
  }

  private project(id: string, fail: (why: string) => never): ProjectFacts {
    const project = this.projects.get(id);
    if (!project) fail(`unknown project ${id}`);
    if (project!.terminated) fail(`project ${id} is terminated`);
    return project!;
  }

  private decide(command: DemoCommand, b: Body, fail: (why: string) => never): DomainEvent[] {
    const id = command.path.split('/')[3];
    const notFuture = (day: string) => day > this.today && fail(`date ${day} after today`);
    switch (command.kind) {
      case 'defineRegion':
        this.streams.add(`region-${b.id}`);
        return [{ type: 'RegionDefined', data: { regionId: b.id, name: b.name, kind: b.kind, ...(b.parentId && { parentId: b.parentId }) } }];
      case 'formTaskForce':
        this.streams.add(`taskforce-${b.id}`);
        return [{ type: 'TaskForceFormed', data: { taskForceId: b.id, name: b.name, industry: b.industry, chiefId: b.chiefId, leadUnit: b.leadUnit } }];
      case 'adoptLightRules':
        return [{ type: 'LightRulesAdopted', data: { version: 1, ...b } as never }];
      case 'registerProject': {
        if (this.projects.has(b.id)) fail('project exists');
        if (!this.streams.has(`taskforce-${b.taskForceId}`) || !this.streams.has(`region-${b.regionId}`)) fail('unknown task force or region');
        notFuture(b.stageOn);
        this.projects.set(b.id, { stage: b.stage, stageOn: b.stageOn, registeredOn: b.stageOn, stalled: false, terminated: false, regionId: b.regionId, taskForceId: b.taskForceId });
        const { id: projectId, ...data } = b;
        return [{ type: 'ProjectRegistered', data: { projectId, ...data } as never }];
      }
      case 'amendProject':
        this.project(id, fail);
        return [{ type: 'ProjectDetailsAmended', data: { projectId: id, changes: b } }];
      case 'advanceStage': {
        const p = this.project(id, fail);
        const from = STAGES.indexOf(p.stage);
        const to = STAGES.indexOf(b.stage);
        if (to <= from) fail(`stage backwards ${p.stage} → ${b.stage}`);
        if (p.stalled) fail('stalled');
        if (b.on < p.stageOn) fail(`date ${b.on} before ${p.stageOn}`);
        notFuture(b.on);
        p.stage = b.stage;
        p.stageOn = b.on;
        return STAGES.slice(from + 1, to + 1).map((stage, i, moves) => ({
          type: 'ProjectStageAdvanced' as const,
          data: { projectId: id, from: STAGES[from + i], to: stage, on: b.on, ...(i < moves.length - 1 && { skipped: true }), ...(b.batchId && { batchId: b.batchId }) },
        }));
      }
      case 'reportProgress':
        this.project(id, fail);
        if (b.month > this.today.slice(0, 7)) fail('month in future');
        return [{ type: 'ProgressReported', data: { projectId: id, ...b } as never }];
      case 'markStalled':
      case 'revitalize':
      case 'terminate': {
        const p = this.project(id, fail);
        notFuture(b.on);
        if (b.on < p.registeredOn) fail('before registration');
        if (command.kind === 'markStalled') {
          if (p.stalled) fail('already stalled');
          p.stalled = true;
          return [{ type: 'ProjectStalled', data: { projectId: id, reason: b.reason, on: b.on } }];
        }
        if (command.kind === 'revitalize') {
          if (!p.stalled) fail('not stalled');
          p.stalled = false;
          return [{ type: 'ProjectRevitalized', data: { projectId: id, how: b.how, on: b.on } }];
        }
        p.terminated = true;
        return [{ type: 'ProjectTerminated', data: { projectId: id, reason: b.reason, on: b.on } }];
      }
      case 'recordInspection': {
        const p = this.projects.get(b.projectId) ?? fail(`unknown project ${b.projectId}`);
        notFuture(b.on);
        const problems = ((b.problems ?? []) as Body[]).map((spec, n): Body => ({ problemId: `${b.id}-q${n + 1}`, ...spec }));
        if (problems.some((q) => q.deadline < b.on)) fail('deadline before inspection');
        const { id: inspectionId, problems: _, ...data } = b;
        return [
          { type: 'InspectionRecorded', data: { inspectionId, ...data, problems } as never },
          ...problems.map((q) => this.raise({ ...q, projectId: b.projectId, regionId: p.regionId, taskForceId: p.taskForceId, raisedOn: b.on, inspectionId }, fail)),
        ];
      }
      case 'raiseProblem': {
        const { id: problemId, ...data } = b;
        const place = b.projectId ? this.projects.get(b.projectId) ?? fail('unknown project') : undefined;
        return [this.raise({ problemId, ...data, ...(place && { regionId: place.regionId, taskForceId: place.taskForceId }) }, fail)];
      }
      case 'assignProblem':
      case 'escalateProblem':
      case 'resolveProblem':
      case 'closeProblem':
      case 'reopenProblem':
        return [this.problemStep(command.kind, id, b, fail)];
      case 'awardRedFlag':
        if (b.month > command.on.slice(0, 7)) fail('red flag for a future month');
        return [{ type: 'RedFlagAwarded', data: { taskForceId: id, month: b.month, on: command.on } }];
      case 'setIndicatorTarget':
        this.streams.add(`indicator-${b.regionId}-${b.metric}-${b.year}`);
        return [{ type: 'IndicatorTargetSet', data: b as never }];
      case 'reportIndicator': {
        const [, , , regionId, metric, year] = command.path.split('/');
        if (!this.streams.has(`indicator-${regionId}-${metric}-${year}`)) fail('no target');
        if (!b.month.startsWith(`${year}-`) || b.month > this.today.slice(0, 7)) fail('bad month');
        return [{ type: 'IndicatorReported', data: { regionId, metric, year: Number(year), ...b } as never }];
      }
      default: {
        const unknown: never = command.kind;
        return fail(`unknown kind ${String(unknown)}`);
      }
    }
  }

  private raise(data: Body, fail: (why: string) => never): DomainEvent {
    if (this.problems.has(data.problemId)) fail('problem exists');
    if (data.raisedOn > this.today) fail('raised after today');
    if (data.deadline < data.raisedOn) fail('deadline before raised');
    this.problems.set(data.problemId, { status: 'raised', assigned: false, raisedOn: data.raisedOn });
    return { type: 'ProblemRaised', data: data as never };
  }

  private problemStep(kind: DemoCommand['kind'], id: string, b: Body, fail: (why: string) => never): DomainEvent {
    const problem = this.problems.get(id) ?? fail(`unknown problem ${id}`);
    if (b.on > this.today) fail('after today');
    if (b.on < problem.raisedOn) fail('before raised');
    const open = ['raised', 'assigned', 'escalated'].includes(problem.status);
    const data = { problemId: id, ...b };
    switch (kind) {
      case 'assignProblem':
        if (!open) fail(`assign when ${problem.status}`);
        if (b.deadline && b.deadline < b.on) fail('deadline before assignment');
        problem.status = 'assigned';
        problem.assigned = true;
        return { type: 'ProblemAssigned', data: data as never };
      case 'escalateProblem':
        if (!open) fail(`escalate when ${problem.status}`);
        problem.status = 'escalated';
        return { type: 'ProblemEscalated', data: data as never };
      case 'resolveProblem':
        if (!open) fail(`resolve when ${problem.status}`);
        problem.status = 'resolved';
        return { type: 'ProblemResolved', data: data as never };
      case 'closeProblem':
        if (problem.status !== 'resolved') fail(`close when ${problem.status}`);
        problem.status = 'closed';
        return { type: 'ProblemClosed', data: data as never };
      default:
        if (problem.status !== 'resolved' && problem.status !== 'closed') fail(`reopen when ${problem.status}`);
        problem.status = problem.assigned ? 'assigned' : 'raised';
        return { type: 'ProblemReopened', data: data as never };
    }
  }
}

/** Folds a whole history; throws ReplayError on the first command the server would refuse. */
export function replayHistory(commands: DemoCommand[], today: string): BoardState {
  const replay = new HistoryReplay(today);
  for (const command of commands) replay.apply(command);
  return replay.state;
}
