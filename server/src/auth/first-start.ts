import { randomBytes } from 'node:crypto';
import { ConfigError } from '../config/config';
import { DomainError } from '@battlemap/events';
import type { AuthService } from './auth.service';
import { SYSTEM_ACTOR } from './authenticated-actor';

export interface FirstStartOptions {
  adminPassword?: string;
  /** The DEMO setting: anything but `off` loads the demo into an empty store. */
  demo: string;
}

export type FirstStartResult =
  /** Accounts exist already: nothing was done. */
  | { kind: 'existing' }
  /** `admin` was created with ADMIN_PASSWORD. */
  | { kind: 'admin_from_env' }
  /** `admin` with a random password and a `screen` account with a token: print both, once. */
  | { kind: 'generated'; adminPassword: string; screenToken: string }
  /** No account and no way to make one: the server runs, but nobody can log in. */
  | { kind: 'no_account'; warning: string };

const MIN_PASSWORD_LENGTH = 8;

/**
 * Secure by default, yet a newcomer who runs the demo gets a living board at once: when no account
 * exists, make one from ADMIN_PASSWORD, or (demo) a random admin password and a screen token to print.
 */
export async function firstStart(auth: AuthService, options: FirstStartOptions): Promise<FirstStartResult> {
  if (!(await auth.hasNoAccounts())) return { kind: 'existing' };
  try {
    if (options.adminPassword !== undefined) {
      if (options.adminPassword.length < MIN_PASSWORD_LENGTH) {
        throw new ConfigError(`ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters`);
      }
      await createAdmin(auth, options.adminPassword);
      return { kind: 'admin_from_env' };
    }
    if (options.demo === 'off') {
      return {
        kind: 'no_account',
        warning: 'no account exists and ADMIN_PASSWORD is not set: nobody can log in; set ADMIN_PASSWORD and restart',
      };
    }
    const adminPassword = randomPassword();
    await createAdmin(auth, adminPassword);
    await auth.createTokenOnlyAccount(SYSTEM_ACTOR, { username: 'screen', displayName: '指挥大屏', role: 'screen' });
    const { token } = await auth.issueScreenToken(SYSTEM_ACTOR, 'screen');
    return { kind: 'generated', adminPassword, screenToken: token };
  } catch (error) {
    // Another node started at the same moment and created the accounts first.
    if (error instanceof DomainError && (error.code === 'account_exists' || error.code === 'stale_revision')) return { kind: 'existing' };
    throw error;
  }
}

/** A password a person can type from the console output: 96 random bits. */
function randomPassword(): string {
  return randomBytes(12).toString('base64url');
}

function createAdmin(auth: AuthService, password: string) {
  return auth.createAccount(SYSTEM_ACTOR, { username: 'admin', displayName: '系统管理员', role: 'admin', password });
}

/** Lines for main.ts to print at start (the generated secrets are shown this once only). */
export function describeFirstStart(result: FirstStartResult, boardUrl: string): string[] {
  switch (result.kind) {
    case 'existing':
      return [];
    case 'admin_from_env':
      return ['created the admin account with ADMIN_PASSWORD'];
    case 'no_account':
      return [`warning: ${result.warning}`];
    case 'generated': {
      const board = new URL(boardUrl);
      board.searchParams.set('token', result.screenToken);
      return [
        'first start: created the accounts below; they are shown once, keep them safe',
        `  admin password: ${result.adminPassword}   (user admin; API and docs at ${new URL('/api/docs', boardUrl).href})`,
        `  board for a command-room screen: ${board.href}`,
      ];
    }
  }
}
