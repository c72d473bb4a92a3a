import { assertNever, type DomainEvent, type EventData, type EventOf } from '../catalogue/events';
import type { Role } from '../envelope';
import type { Command, Decider } from './decider';
import { notFound, rejected } from './errors';

export interface Scopes {
  taskForces: string[];
  regions: string[];
}

export type AccountAggregate =
  | { status: 'none' }
  | { status: 'active' | 'disabled'; username: string; displayName: string; role: Exclude<Role, 'system'>; scopes: Scopes };

export type AccountCommand =
  | Command<'CreateAccount', EventData<'AccountCreated'>>
  | Command<'ChangeAccountRole', { role: EventData<'AccountRoleChanged'>['role'] }>
  | Command<'ChangeAccountScopes', { grant?: Scopes; revoke?: Scopes }>
  | Command<'DisableAccount', { reason: string }>
  | Command<'RecordPasswordReset', Record<string, never>>
  | Command<'RecordScreenTokenIssued', { expiresAt: string }>;

export type AccountEvent = EventOf<
  | 'AccountCreated'
  | 'AccountRoleChanged'
  | 'AccountScopesGranted'
  | 'AccountScopesRevoked'
  | 'AccountDisabled'
  | 'AccountPasswordReset'
  | 'ScreenTokenIssued'
>;

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];
const minus = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));

export function evolveAccount(state: AccountAggregate, event: DomainEvent): AccountAggregate {
  if (event.type === 'AccountCreated') {
    const { username, displayName, role, scopes } = event.data;
    return { status: 'active', username, displayName, role, scopes };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'AccountRoleChanged':
      return { ...state, role: event.data.role };
    case 'AccountScopesGranted':
      return {
        ...state,
        scopes: {
          taskForces: union(state.scopes.taskForces, event.data.scopes.taskForces),
          regions: union(state.scopes.regions, event.data.scopes.regions),
        },
      };
    case 'AccountScopesRevoked':
      return {
        ...state,
        scopes: {
          taskForces: minus(state.scopes.taskForces, event.data.scopes.taskForces),
          regions: minus(state.scopes.regions, event.data.scopes.regions),
        },
      };
    case 'AccountDisabled':
      return { ...state, status: 'disabled' };
    default:
      return state;
  }
}

export const accountDecider: Decider<AccountAggregate, AccountCommand, AccountEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve: evolveAccount,
  decide: (command, state) => {
    if (command.type === 'CreateAccount') {
      if (state.status !== 'none') throw rejected('account_exists', `用户名 ${command.data.username} 已存在`);
      return [{ type: 'AccountCreated', data: command.data }];
    }
    if (state.status === 'none') throw notFound('account_not_found', '账号不存在');
    if (state.status === 'disabled') throw rejected('account_disabled', '账号已停用');
    const username = state.username;
    switch (command.type) {
      case 'ChangeAccountRole':
        return [{ type: 'AccountRoleChanged', data: { username, role: command.data.role } }];
      case 'ChangeAccountScopes': {
        const events: AccountEvent[] = [];
        const { grant, revoke } = command.data;
        if (grant && grant.taskForces.length + grant.regions.length > 0)
          events.push({ type: 'AccountScopesGranted', data: { username, scopes: grant } });
        if (revoke && revoke.taskForces.length + revoke.regions.length > 0)
          events.push({ type: 'AccountScopesRevoked', data: { username, scopes: revoke } });
        if (events.length === 0) throw rejected('nothing_to_change', '没有要变更的权限范围');
        return events;
      }
      case 'DisableAccount':
        return [{ type: 'AccountDisabled', data: { username, reason: command.data.reason } }];
      case 'RecordPasswordReset':
        return [{ type: 'AccountPasswordReset', data: { username } }];
      case 'RecordScreenTokenIssued':
        if (state.role !== 'screen') throw rejected('not_a_screen_account', '只能为大屏（screen）账号签发大屏令牌');
        return [{ type: 'ScreenTokenIssued', data: { username, expiresAt: command.data.expiresAt } }];
      default:
        return assertNever(command);
    }
  },
};
