import {
  DomainError,
  foldState,
  problemDecider,
  projectDecider,
  type DomainEvent,
  type EventEnvelope,
  type ProblemCommand,
  type ProjectCommand,
} from '@battlemap/events';

/**
 * The server's own deciders, run in the browser on the stream as the person loaded it: a command the
 * server would refuse (a stage going backwards, closing an unsolved problem) is refused here first,
 * with the same Chinese words, and never sent. The server still decides on the latest state.
 */

export const PROJECT_COMMANDS = {
  amendProject: 'AmendProject',
  advanceStage: 'AdvanceStage',
  reportProgress: 'ReportProgress',
  markStalled: 'MarkStalled',
  revitalize: 'Revitalize',
  terminate: 'Terminate',
  assignLeader: 'AssignLeader',
} as const satisfies Record<string, ProjectCommand['type']>;

export const PROBLEM_COMMANDS = {
  assign: 'AssignProblem',
  escalate: 'EscalateProblem',
  resolve: 'ResolveProblem',
  close: 'CloseProblem',
  reopen: 'ReopenProblem',
} as const satisfies Record<string, ProblemCommand['type']>;

export type ProjectCommandKey = keyof typeof PROJECT_COMMANDS;
export type ProblemActionKey = keyof typeof PROBLEM_COMMANDS;

/** The decider's refusal in words, or null when it would accept the command. */
export function refusal(decide: () => unknown): string | null {
  try {
    decide();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.message;
    throw error;
  }
}

const domainEvents = (events: EventEnvelope[]) => events as unknown as DomainEvent[];

/** `on` is optional in some bodies; the server fills in today, and so does this check. */
const withDay = (data: Record<string, unknown>, today: string) => ({ on: today, ...data });

export function projectRefusal(
  events: EventEnvelope[],
  command: ProjectCommandKey,
  data: Record<string, unknown>,
  today: string,
): string | null {
  const state = foldState(projectDecider, domainEvents(events));
  const body = command === 'assignLeader' ? withDay(data, today) : data;
  return refusal(() => projectDecider.decide({ type: PROJECT_COMMANDS[command], data: body, meta: { today } } as ProjectCommand, state));
}

export function problemRefusal(
  events: EventEnvelope[],
  action: ProblemActionKey,
  data: Record<string, unknown>,
  today: string,
): string | null {
  const state = foldState(problemDecider, domainEvents(events));
  return refusal(() =>
    problemDecider.decide({ type: PROBLEM_COMMANDS[action], data: withDay(data, today), meta: { today } } as ProblemCommand, state),
  );
}
