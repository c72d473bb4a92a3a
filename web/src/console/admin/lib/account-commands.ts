import { accountDecider, streams, type AccountAggregate, type AccountCommand, type CommandName } from '@battlemap/events';
import type { CommandAnswer } from '../../lib/api';
import { CommandRun } from '../../lib/command-run.svelte';
import type { ConsoleContext } from '../../lib/context';
import { refusal } from '../../lib/decider-check';
import { today } from '../../lib/form-values';
import type { AccountDirectory, AccountSummary } from './account-directory.svelte';

/** The account commands, their decider command and their path under /api/accounts/:username. */
const ACCOUNT_COMMANDS = {
  createAccount: { type: 'CreateAccount', path: '' },
  changeAccountRole: { type: 'ChangeAccountRole', path: '/role' },
  changeAccountScopes: { type: 'ChangeAccountScopes', path: '/scopes' },
  disableAccount: { type: 'DisableAccount', path: '/disable' },
} as const satisfies Partial<Record<CommandName, { type: AccountCommand['type']; path: string }>>;

type AccountCommandName = keyof typeof ACCOUNT_COMMANDS;

export interface AccountFormSubject {
  command: AccountCommandName;
  username: string;
}

/** The account's stream state as the list shows it: what the decider checks a command against. */
function aggregateOf(account: AccountSummary | undefined): AccountAggregate {
  if (!account) return { status: 'none' };
  const { status, username, displayName, role, scopes } = account;
  return { status, username, displayName, role, scopes };
}

/** The decider's refusal in its own words (a disabled account, nothing to change), or null. */
function accountRefusal(account: AccountSummary | undefined, command: AccountCommandName, data: Record<string, unknown>): string | null {
  // The password never reaches the event, nor the decider.
  const { password: _secret, ...rest } = data;
  const body = command === 'createAccount' ? { scopes: { taskForces: [], regions: [] }, ...rest } : rest;
  const decided = { type: ACCOUNT_COMMANDS[command].type, data: body, meta: { today: today() } } as AccountCommand;
  return refusal(() => accountDecider.decide(decided, aggregateOf(account)));
}

/** A CommandRun for one account command, checked against the account as the list shows it. */
export function accountRun(
  context: Pick<ConsoleContext, 'api' | 'board'>,
  directory: AccountDirectory,
  subject: () => AccountFormSubject,
  onDone: (answer: CommandAnswer) => void,
): CommandRun {
  return new CommandRun({
    api: context.api,
    board: () => context.board.state,
    target: () => {
      const { command, username } = subject();
      const path =
        command === 'createAccount' ? '/api/accounts' : `/api/accounts/${encodeURIComponent(username)}${ACCOUNT_COMMANDS[command].path}`;
      return { command, path, stream: streams.account(username) };
    },
    precheck: (data) => {
      const { command, username } = subject();
      return accountRefusal(directory.find(username), command, data);
    },
    onDone,
  });
}
