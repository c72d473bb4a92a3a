/**
 * A dry run of the demo history without a server: each HTTP-shaped command becomes the domain command
 * its controller would build and goes through the real decider of its stream (so the history is held
 * to exactly the server's rules: dates not after today, stages only forward and never while stalled,
 * problem steps allowed in their state), and the events fold into the board with the shared
 * projection. Tests use it to check the history's validity and the board it makes; the real load goes
 * through the server's command path. Only the controllers' cross-stream checks (a project's task force
 * and region exist, an indicator has its target) are restated here, as the controllers make them.
 */
import {
  type BoardState,
  type Command,
  type Decider,
  DomainError,
  type DomainEvent,
  type EventEnvelope,
  type ProjectAggregate,
  evolveBoard,
  PROBLEM_TRANSITIONS,
  indicatorDecider,
  initialBoard,
  inspectionDecider,
  inspectionProblemId,
  lightRulesDecider,
  problemDecider,
  projectDecider,
  redFlagDecider,
  regionDecider,
  streams,
  taskForceDecider,
} from '@battlemap/events';
import type { DemoCommand } from './history-commands';

// The bodies were checked against COMMAND_BODIES when the history was built (history.spec.ts).
type Body = Record<string, any>;

class ReplayError extends Error {}

/** A problem step's command, by the name of its request body. */
const PROBLEM_STEPS = Object.fromEntries(Object.values(PROBLEM_TRANSITIONS).map((t) => [t.body, t.command]));

/** Hears each event the replay decided, with its stream and the command that made it (e.g. to store it). */
export type ReplaySink = (stream: string, event: DomainEvent, command: DemoCommand) => void;

class HistoryReplay {
  readonly state: BoardState = initialBoard();
  private position = 0;
  /** Each stream's decider state, as the command handler would load it. */
  private readonly streamStates = new Map<string, unknown>();
  private current?: DemoCommand;

  constructor(
    private readonly today: string,
    private readonly sink?: ReplaySink,
    /** Without the board fold (a sink that stores the events folds them later). */
    private readonly fold = true,
  ) {}

  apply(command: DemoCommand): void {
    this.current = command;
    if (command.on > this.today) this.fail('after today');
    this.dispatch(command, command.body as Body);
  }

  private fail(why: string): never {
    const c = this.current!;
    throw new ReplayError(`${c.on} ${c.kind} ${c.path}: ${why}`);
  }

  /** Load, decide, evolve, fold into the board: what the command handler and the live board do. */
  private run<S, C extends Command>(stream: string, decider: Decider<S, C>, type: C['type'], data: unknown): DomainEvent[] {
    const state = this.stateOf(stream, decider);
    let events: DomainEvent[];
    try {
      events = decider.decide({ type, data, meta: { today: this.today } } as C, state);
    } catch (error) {
      if (error instanceof DomainError) this.fail(`${error.code}: ${error.message}`);
      throw error;
    }
    this.streamStates.set(stream, events.reduce(decider.evolve, state));
    for (const event of events) {
      this.sink?.(stream, event, this.current!);
      if (this.fold) this.emit(event);
    }
    return events;
  }

  private stateOf<S>(stream: string, decider: Pick<Decider<S, Command>, 'initialState'>): S {
    return (this.streamStates.get(stream) as S | undefined) ?? decider.initialState();
  }

  private exists(stream: string): boolean {
    return this.streamStates.has(stream);
  }

  private project(projectId: string): Extract<ProjectAggregate, { status: 'active' | 'terminated' }> {
    const project = this.stateOf<ProjectAggregate>(streams.project(projectId), projectDecider);
    return project.status === 'none' ? this.fail(`unknown project ${projectId}`) : project;
  }

  private emit(event: DomainEvent): void {
    const envelope = {
      id: String(this.position),
      stream: '',
      revision: 0,
      position: String(++this.position),
      type: event.type,
      data: event.data,
      meta: {
        actor: { id: 'demo', name: 'demo', role: 'supervisor' },
        recordedAt: 0,
        correlationId: '',
        schema: 1,
        prevHash: '',
        hash: '',
      },
    } as EventEnvelope;
    evolveBoard(this.state, envelope);
  }

  private dispatch(command: DemoCommand, b: Body): void {
    const id = command.path.split('/')[3];
    switch (command.kind) {
      case 'defineRegion': {
        const { id: regionId, ...data } = b;
        this.run(streams.region(regionId), regionDecider, 'DefineRegion', { regionId, ...data });
        return;
      }
      case 'formTaskForce': {
        const { id: taskForceId, ...data } = b;
        this.run(streams.taskForce(taskForceId), taskForceDecider, 'FormTaskForce', { taskForceId, ...data });
        return;
      }
      case 'adoptLightRules':
        this.run(streams.lightRules(), lightRulesDecider, 'AdoptLightRules', b);
        return;
      case 'registerProject': {
        if (!this.exists(streams.taskForce(b.taskForceId)) || !this.exists(streams.region(b.regionId)))
          this.fail('unknown task force or region');
        const { id: projectId, ...data } = b;
        this.run(streams.project(projectId), projectDecider, 'RegisterProject', { projectId, ...data });
        return;
      }
      case 'amendProject':
        this.run(streams.project(id), projectDecider, 'AmendProject', b);
        return;
      case 'advanceStage':
        this.run(streams.project(id), projectDecider, 'AdvanceStage', b);
        return;
      case 'reportProgress':
        this.run(streams.project(id), projectDecider, 'ReportProgress', b);
        return;
      case 'markStalled':
        this.run(streams.project(id), projectDecider, 'MarkStalled', b);
        return;
      case 'revitalize':
        this.run(streams.project(id), projectDecider, 'Revitalize', b);
        return;
      case 'terminate':
        this.run(streams.project(id), projectDecider, 'Terminate', b);
        return;
      case 'recordInspection':
        this.recordInspection(b);
        return;
      case 'raiseProblem': {
        const { id: problemId, ...data } = b;
        const place = b.projectId ? this.project(b.projectId) : undefined;
        const scope = place && { regionId: place.regionId, taskForceId: place.taskForceId };
        this.run(streams.problem(problemId), problemDecider, 'RaiseProblem', { problemId, ...data, ...scope });
        return;
      }
      case 'assignProblem':
      case 'escalateProblem':
      case 'resolveProblem':
      case 'closeProblem':
      case 'reopenProblem':
        if (!this.exists(streams.problem(id))) this.fail(`unknown problem ${id}`);
        this.run(streams.problem(id), problemDecider, PROBLEM_STEPS[command.kind], b);
        return;
      case 'awardRedFlag':
        if (!this.exists(streams.taskForce(id))) this.fail(`unknown task force ${id}`);
        this.run(streams.redFlag(b.month), redFlagDecider, 'AwardRedFlag', { taskForceId: id, month: b.month, on: b.on ?? command.on });
        return;
      case 'setIndicatorTarget':
        this.run(streams.indicator(b.regionId, b.metric, b.year), indicatorDecider, 'SetIndicatorTarget', b);
        return;
      case 'reportIndicator': {
        const [, , , regionId, metric, year] = command.path.split('/');
        const stream = streams.indicator(regionId, metric, Number(year));
        if (!this.exists(stream)) this.fail('no target');
        this.run(stream, indicatorDecider, 'ReportIndicator', { regionId, metric, year: Number(year), ...b });
        return;
      }
      default: {
        const unknown: never = command.kind;
        this.fail(`unknown kind ${String(unknown)}`);
      }
    }
  }

  /** The inspection, then the problems it raised, as the server's reactor opens them. */
  private recordInspection(b: Body): void {
    const project = this.project(b.projectId);
    const { id: inspectionId, problems = [], ...data } = b;
    const raised = (problems as Body[]).map((spec, n) => ({ problemId: inspectionProblemId(inspectionId, n + 1), ...spec }));
    this.run(streams.inspection(inspectionId), inspectionDecider, 'RecordInspection', { inspectionId, ...data, problems: raised });
    for (const spec of raised) {
      const problem = {
        ...spec,
        projectId: b.projectId,
        regionId: project.regionId,
        taskForceId: project.taskForceId,
        raisedOn: b.on,
        inspectionId,
      };
      this.run(streams.problem(spec.problemId), problemDecider, 'RaiseProblem', problem);
    }
  }
}

/** Folds a whole history; throws ReplayError on the first command the server would refuse. */
export function replayHistory(commands: DemoCommand[], today: string): BoardState {
  const replay = new HistoryReplay(today);
  for (const command of commands) replay.apply(command);
  return replay.state;
}

/**
 * Decides commands one at a time through the real deciders, handing each event to `sink` (no board
 * fold): the province-scale bench store is written this way. Throws ReplayError as `replayHistory` does.
 */
export function historyDecider(today: string, sink: ReplaySink): (command: DemoCommand) => void {
  const replay = new HistoryReplay(today, sink, false);
  return (command) => replay.apply(command);
}
