import type { Role, Scopes } from '@battlemap/events';
import type { ApiClient } from '../../lib/api';

export type AccountRole = Exclude<Role, 'system'>;

/** One row of GET /api/accounts (RESPONSES.accounts in events/). */
export interface AccountSummary {
  username: string;
  displayName: string;
  role: AccountRole;
  scopes: Scopes;
  status: 'active' | 'disabled';
}

export const ROLE_LABELS: Record<AccountRole, string> = {
  admin: '管理员',
  supervisor: '督查',
  auditor: '审计（只读）',
  screen: '大屏',
};

/** Roles a person can hold; screens are made on their own page, with a token instead of a login. */
export const PERSON_ROLES = ['supervisor', 'admin', 'auditor'] as const satisfies AccountRole[];

/**
 * The accounts, as the server lists them. Accounts are not board facts (their events never reach the
 * board socket), so the list is fetched, and fetched again after each change: the server answers a
 * command only once its own list shows it.
 */
export class AccountDirectory {
  accounts = $state.raw<AccountSummary[]>([]);
  status = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state<string | null>(null);

  #api: ApiClient;
  /** Only the latest request's answer is kept: an earlier one may predate the change just made. */
  #latest = 0;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  get people(): AccountSummary[] {
    return this.accounts.filter((a) => a.role !== 'screen');
  }

  get screens(): AccountSummary[] {
    return this.accounts.filter((a) => a.role === 'screen');
  }

  find(username: string): AccountSummary | undefined {
    return this.accounts.find((a) => a.username === username);
  }

  /** Display name by username, for the ids kept elsewhere (a task force's 班长). */
  nameOf(username: string): string {
    return this.find(username)?.displayName ?? username;
  }

  async load(): Promise<void> {
    const request = ++this.#latest;
    const answer = await this.#api.get<{ accounts: AccountSummary[] }>('/api/accounts');
    if (request !== this.#latest) return;
    if (!answer.ok) {
      this.status = 'error';
      this.error = answer.error.message;
      return;
    }
    // Active first, then by name, so the people being managed come before the ones who left.
    this.accounts = [...answer.body.accounts].sort(
      (a, b) => Number(a.status === 'disabled') - Number(b.status === 'disabled') || a.displayName.localeCompare(b.displayName, 'zh-CN'),
    );
    this.status = 'ready';
    this.error = null;
  }
}
