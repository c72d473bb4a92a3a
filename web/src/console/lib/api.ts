import { parseStream, type EventEnvelope, type FieldError } from '@battlemap/events';

/** The error body of the API: `{error, message}` in Chinese, 400 adds per-field messages, 409 the revisions. */
interface ApiErrorBody {
  error: string;
  message: string;
  fields?: FieldError[];
  expectedRevision?: number;
  actualRevision?: number;
}

/** An answer as a value: callers switch on it instead of catching. Status 0: no answer at all (network). */
export type Outcome<T> = { ok: true; status: number; body: T } | { ok: false; status: number; error: ApiErrorBody };

/** 201 of every command. */
export interface CommandAnswer {
  id: string;
  stream: string;
  revision: number;
  position: string;
}

/** What the client needs from the session: the token, and a way to end a session the server refused. */
export interface Credentials {
  readonly token: string | null;
  expire(message: string): void;
}

const NETWORK_MESSAGE = '网络连接失败，未能确认服务器是否收到。可以放心重试：同一次提交不会重复登记。';
export const EXPIRED_MESSAGE = '登录已失效，请重新登录';

/** JSON over fetch with the session's token; a 401 on an authenticated call ends the session. */
export class ApiClient {
  #credentials: Credentials;

  constructor(credentials: Credentials) {
    this.#credentials = credentials;
  }

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Outcome<T>> {
    const token = this.#credentials.token;
    const init: RequestInit = { method, headers: { ...headers } };
    const sent = init.headers as Record<string, string>;
    if (token) sent.authorization = `Bearer ${token}`;
    if (body !== undefined) {
      sent['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await fetch(path, init);
    } catch {
      return { ok: false, status: 0, error: { error: 'network', message: NETWORK_MESSAGE } };
    }
    const parsed = await response.json().catch(() => undefined);
    if (response.ok) return { ok: true, status: response.status, body: parsed as T };
    const error = isErrorBody(parsed)
      ? parsed
      : { error: 'http_' + response.status, message: `服务器返回错误（${response.status}），请稍后再试` };
    if (response.status === 401 && token) this.#credentials.expire(EXPIRED_MESSAGE);
    return { ok: false, status: response.status, error };
  }

  get<T>(path: string): Promise<Outcome<T>> {
    return this.request<T>('GET', path);
  }

  /** The events of one stream, oldest first (the project's own endpoint, or the audit log for others). */
  async history(stream: string): Promise<Outcome<{ events: EventEnvelope[] }>> {
    const ref = parseStream(stream);
    if (ref?.kind === 'project') return this.get(`/api/projects/${encodeURIComponent(ref.id)}/history`);
    return this.get(`/api/events?stream=${encodeURIComponent(stream)}&limit=1000`);
  }
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  const v = value as ApiErrorBody | undefined;
  return typeof v === 'object' && v !== null && typeof v.message === 'string' && typeof v.error === 'string';
}

/**
 * A fresh Idempotency-Key. `crypto.randomUUID` exists only in secure contexts, and a phone on site
 * may reach the server over plain http on a LAN address, so fall back to getRandomValues (everywhere).
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
