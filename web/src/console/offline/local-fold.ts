import {
  DomainError,
  foldState,
  inspectionDecider,
  inspectionProblemId,
  parseStream,
  problemDecider,
  projectDecider,
  type BoardState,
  type CommandName,
  type DomainEvent,
  type EventData,
  type ProblemAggregate,
  type ProblemCommand,
  type ProjectAggregate,
  type ProjectCommand,
} from '@battlemap/events';
import { PROBLEM_COMMANDS, PROJECT_COMMANDS, type ProblemActionKey } from '../lib/decider-check';

/**
 * A command checked on the device before it is queued: the server's own deciders, run on the
 * stream as last seen (its cached history, or what the board knows of it) with the commands already
 * queued on that stream folded on top, in order. A command the server would refuse (a stage going
 * backwards, a second 开工) is refused here at once, in the same words, and never queued.
 */
export type LocalVerdict = { ok: true; events: DomainEvent[] } | { ok: false; refusal: string };

export interface LocalCommand {
  command: CommandName;
  stream: string | null;
  /** The parsed body, without expectedRevision. */
  data: Record<string, unknown>;
  today: string;
  /** The stream's events as last loaded, or null when the device never loaded them. */
  history: DomainEvent[] | null;
  /** Predicted events of the commands queued before this one on the same stream. */
  queued: DomainEvent[];
  board: BoardState | null;
}

const isKey = <T extends object>(map: T, key: string): key is Extract<keyof T, string> => Object.hasOwn(map, key);

/** assignProblem → assign: the problem commands are named after their action. */
function problemAction(command: CommandName): ProblemActionKey | null {
  const action = command.replace(/Problem$/, '');
  return action !== command && isKey(PROBLEM_COMMANDS, action) ? action : null;
}

export function decideLocally(c: LocalCommand): LocalVerdict {
  const meta = { today: c.today };
  // `on` is optional in some bodies; the server fills in today, and so does this check.
  const dated = { on: c.today, ...c.data };
  return verdict(() => {
    if (isKey(PROJECT_COMMANDS, c.command)) {
      const base = c.history ? foldState(projectDecider, c.history) : projectFromBoard(c.board, c.stream);
      const state = c.queued.reduce(projectDecider.evolve, base);
      const data = c.command === 'assignLeader' ? dated : c.data;
      return projectDecider.decide({ type: PROJECT_COMMANDS[c.command], data, meta } as ProjectCommand, state);
    }
    const action = problemAction(c.command);
    if (action) {
      const base = c.history ? foldState(problemDecider, c.history) : problemFromBoard(c.board, c.stream);
      const state = c.queued.reduce(problemDecider.evolve, base);
      return problemDecider.decide({ type: PROBLEM_COMMANDS[action], data: dated, meta } as ProblemCommand, state);
    }
    if (c.command === 'recordInspection')
      return inspectionDecider.decide({ type: 'RecordInspection', data: inspection(c.data), meta }, { status: 'none' });
    if (c.command === 'registerProject') {
      const { id, ...rest } = c.data as { id?: string };
      const data = { projectId: id ?? 'queued', ...rest } as EventData<'ProjectRegistered'>;
      return projectDecider.decide({ type: 'RegisterProject', data, meta } as ProjectCommand, { status: 'none' });
    }
    if (c.command === 'raiseProblem')
      return problemDecider.decide({ type: 'RaiseProblem', data: raised(c), meta } as ProblemCommand, { status: 'none' });
    // Commands the console never queues (administration) are decided by the server alone.
    return [];
  });
}

function verdict(decide: () => DomainEvent[]): LocalVerdict {
  try {
    return { ok: true, events: decide() };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, refusal: error.message };
    throw error;
  }
}

/** What the decider needs of a project, from the board, when its history was never loaded here. */
function projectFromBoard(board: BoardState | null, stream: string | null): ProjectAggregate {
  const ref = stream ? parseStream(stream) : null;
  const project = ref?.kind === 'project' && board && Object.hasOwn(board.projects, ref.id) ? board.projects[ref.id] : null;
  if (!project) return { status: 'none' };
  return {
    status: project.terminated ? 'terminated' : 'active',
    id: project.id,
    name: project.name,
    stage: project.stage,
    stageOn: project.stageOn,
    registeredOn: project.stages[0]?.on ?? project.stageOn,
    taskForceId: project.taskForceId,
    regionId: project.regionId,
    stalled: project.stalled !== null,
  };
}

function problemFromBoard(board: BoardState | null, stream: string | null): ProblemAggregate {
  const ref = stream ? parseStream(stream) : null;
  const problem = ref?.kind === 'problem' && board && Object.hasOwn(board.problems, ref.id) ? board.problems[ref.id] : null;
  if (!problem) return { status: 'none' };
  return {
    status: problem.status,
    id: problem.id,
    raisedOn: problem.raisedOn,
    assigned: problem.assignedOn !== null,
    severity: problem.severity,
    deadline: problem.deadline,
    level: problem.escalationLevel,
    // Only the server's deadline manager reads these; a person's command never depends on them.
    systemEscalations: [],
    ...(problem.projectId !== null && { projectId: problem.projectId }),
    ...(problem.regionId !== null && { regionId: problem.regionId }),
    ...(problem.taskForceId !== null && { taskForceId: problem.taskForceId }),
  };
}

/** The problem as the server will raise it: placed where its project is, raised today unless said otherwise. */
function raised(c: LocalCommand): EventData<'ProblemRaised'> {
  const { id, raisedOn, ...rest } = c.data as { id?: string; raisedOn?: string; projectId?: string };
  const project = rest.projectId && c.board && Object.hasOwn(c.board.projects, rest.projectId) ? c.board.projects[rest.projectId] : null;
  const place = project ? { regionId: project.regionId, taskForceId: project.taskForceId } : {};
  return { problemId: id ?? 'queued', ...rest, ...place, raisedOn: raisedOn ?? c.today } as EventData<'ProblemRaised'>;
}

/** The inspection as the server will record it; its id is the server's to give, so a placeholder here. */
function inspection(data: Record<string, unknown>): EventData<'InspectionRecorded'> {
  const { id, problems = [], ...rest } = data as { id?: string; problems?: Record<string, unknown>[] };
  const inspectionId = id ?? 'queued';
  return {
    inspectionId,
    ...rest,
    problems: problems.map((p, i) => ({ problemId: inspectionProblemId(inspectionId, i + 1), ...p })),
  } as EventData<'InspectionRecorded'>;
}
