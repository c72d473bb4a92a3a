import type { CommandName } from '@battlemap/events';
import type { CommandAnswer } from './api';
import { CommandRun } from './command-run.svelte';
import type { ConsoleContext } from './context';
import { projectRefusal } from './decider-check';
import { today } from './form-values';
import type { StreamRecord } from './stream-record.svelte';

/** The path of each project command under /api/projects/:id (amend is PATCH on the project itself). */
const PROJECT_PATHS = {
  amendProject: '',
  advanceStage: '/stage',
  reportProgress: '/progress',
  markStalled: '/stalled',
  revitalize: '/revitalized',
  terminate: '/terminated',
  assignLeader: '/leader',
} as const satisfies Partial<Record<CommandName, string>>;

type ProjectCommandName = keyof typeof PROJECT_PATHS;

/** What a project form works on, read when it sends (a form outlives many live updates of its props). */
export interface ProjectFormSubject {
  projectId: string;
  record: StreamRecord;
  command: ProjectCommandName;
}

/**
 * A CommandRun for one command on a loaded project stream, checked against the revision loaded; with
 * no network it goes into the offline queue.
 */
export function projectRun(
  context: Pick<ConsoleContext, 'api' | 'board' | 'outbox'>,
  subject: () => ProjectFormSubject,
  onDone: (answer: CommandAnswer) => void,
): CommandRun {
  return new CommandRun({
    api: context.api,
    board: () => context.board.state,
    target: () => {
      const { projectId, record, command } = subject();
      return {
        command,
        method: command === 'amendProject' ? 'PATCH' : 'POST',
        path: `/api/projects/${encodeURIComponent(projectId)}${PROJECT_PATHS[command]}`,
        stream: record.stream,
        revision: record.revision,
      };
    },
    precheck: (data) => {
      const { record, command } = subject();
      return record.status === 'ready' ? projectRefusal(record.events, command, data, today()) : null;
    },
    onDone,
    outbox: context.outbox,
  });
}
