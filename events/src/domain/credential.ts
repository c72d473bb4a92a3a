import { assertNever, type DomainEvent, type EventData, type EventOf } from '../catalogue/events';
import type { Command, Decider } from './decider';

/**
 * An account's credentials as hashes (stream credential-<username>): facts appended, never edited, so
 * every node folds the same answer to "is this password right, is this token live". The server checks
 * the account itself (exists, active) before it writes here.
 */
export type CredentialCommand =
  | Command<'SetPasswordHash', EventData<'PasswordHashSet'>>
  | Command<'IssueToken', EventData<'TokenIssued'>>
  | Command<'RevokeToken', EventData<'TokenRevoked'>>
  | Command<'RevokeAllTokens', EventData<'AllTokensRevoked'>>;

export type CredentialEvent = EventOf<'PasswordHashSet' | 'TokenIssued' | 'TokenRevoked' | 'AllTokensRevoked'>;

/** Nothing to remember: every command is a fact the auth projection folds. */
export type CredentialState = { status: 'open' };

export const credentialDecider: Decider<CredentialState, CredentialCommand, CredentialEvent> = {
  initialState: () => ({ status: 'open' }),
  evolve: (state: CredentialState, _event: DomainEvent) => state,
  decide: (command) => {
    switch (command.type) {
      case 'SetPasswordHash':
        return [{ type: 'PasswordHashSet', data: command.data }];
      case 'IssueToken':
        return [{ type: 'TokenIssued', data: command.data }];
      case 'RevokeToken':
        return [{ type: 'TokenRevoked', data: command.data }];
      case 'RevokeAllTokens':
        return [{ type: 'AllTokensRevoked', data: command.data }];
      default:
        return assertNever(command);
    }
  },
};
