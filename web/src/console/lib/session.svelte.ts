import type { ApiClient, Credentials } from './api';

type ConsoleRole = 'admin' | 'supervisor' | 'auditor';

interface Scopes {
  taskForces: string[];
  regions: string[];
}

/** What POST /api/auth/login answers, plus the username typed (the server's actor id). */
export interface SessionUser {
  username: string;
  token: string;
  role: ConsoleRole;
  displayName: string;
  scopes: Scopes;
  /** ISO 8601. */
  expiresAt: string;
}

interface LoginAnswer {
  token: string;
  role: ConsoleRole | 'screen';
  displayName: string;
  scopes?: Scopes;
  expiresAt: string;
}

const STORAGE_KEY = 'battlemap.console.session';
const SCREEN_REFUSED = '大屏账号只能用于指挥中心大屏，不能登录工作台。请使用督查或管理员账号。';
const EXPIRED = '登录已过期，请重新登录';
/** setTimeout cannot wait longer than ~24.8 days; longer sessions re-arm the timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Who is signed in to the console, kept in localStorage so a reload (or a phone putting the tab
 * to sleep) does not sign the person out. An expired or refused token returns to the login form
 * with `notice` saying why.
 */
export class Session implements Credentials {
  user = $state.raw<SessionUser | null>(null);
  /** Why the person is looking at the login form, when it was not their choice. */
  notice = $state<string | null>(null);

  #storage: Storage;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(storage: Storage = localStorage) {
    this.#storage = storage;
    const stored = readStored(storage);
    if (stored && Date.parse(stored.expiresAt) > Date.now()) this.#start(stored);
    else if (stored) this.expire(EXPIRED);
  }

  get token(): string | null {
    return this.user?.token ?? null;
  }

  get canWrite(): boolean {
    return this.user?.role === 'admin' || this.user?.role === 'supervisor';
  }

  /** Signs in; returns the message to show when it did not work. */
  async login(api: ApiClient, username: string, password: string): Promise<string | null> {
    const answer = await api.request<LoginAnswer>('POST', '/api/auth/login', { username, password });
    if (!answer.ok) {
      if (answer.status === 401) return '用户名或密码不正确';
      return answer.error.message;
    }
    const { token, role, displayName, scopes, expiresAt } = answer.body;
    if (role === 'screen') {
      // The token was just issued for nothing: end it at once instead of leaving it valid.
      void fetch('/api/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
      return SCREEN_REFUSED;
    }
    const user: SessionUser = { username, token, role, displayName, scopes: scopes ?? { taskForces: [], regions: [] }, expiresAt };
    this.#storage.setItem(STORAGE_KEY, JSON.stringify(user));
    this.notice = null;
    this.#start(user);
    return null;
  }

  async logout(api: ApiClient): Promise<void> {
    // Signed out here even if the server cannot be told (offline): the token is forgotten either way.
    await api.request('POST', '/api/auth/logout').catch(() => undefined);
    this.#end();
    this.notice = '已退出登录';
  }

  /** The server refused the token, or it ran out: back to the login form with a reason. */
  expire(message: string): void {
    if (!this.user && this.notice === message) return;
    this.#end();
    this.notice = message;
  }

  #start(user: SessionUser): void {
    this.user = user;
    this.#arm(user);
  }

  #arm(user: SessionUser): void {
    if (this.#timer) clearTimeout(this.#timer);
    const left = Date.parse(user.expiresAt) - Date.now();
    this.#timer = setTimeout(() => (left > MAX_TIMER_MS ? this.#arm(user) : this.expire(EXPIRED)), Math.min(left, MAX_TIMER_MS));
  }

  #end(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#storage.removeItem(STORAGE_KEY);
    this.user = null;
  }
}

function readStored(storage: Storage): SessionUser | null {
  try {
    const value = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as Partial<SessionUser> | null;
    if (!value || typeof value.token !== 'string' || typeof value.expiresAt !== 'string' || !value.role || !value.scopes) return null;
    return value as SessionUser;
  } catch {
    return null;
  }
}
