/**
 * The HTTP client of the e2e and browser suites: one call, one {status, body}, never throwing on a
 * 4xx/5xx; `must` is the setup step that throws unless it got the status wanted.
 */

export type Json = any;

export interface ApiResponse {
  status: number;
  body: Json;
  text: string;
  headers: Headers;
}

/** A command's answer: 201 {id, stream, revision, position}. */
export interface CommandAnswer {
  id: string;
  stream: string;
  revision: number;
  position: string;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  /** Sent as is, with content-type JSON: for malformed JSON and huge bodies. */
  raw?: string;
}

/**
 * fetch, sent again once when it was a GET on a kept-alive connection the server had just closed (the
 * socket closed under it before any answer), as browsers do: a connection after a refused upload may be
 * one. Any other failure, and any second one, is thrown.
 */
async function fetchOnce(url: string, init: RequestInit & { method: string }): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (init.method !== 'GET' || cause?.code !== 'UND_ERR_SOCKET') throw error;
    return fetch(url, init);
  }
}

export class Api {
  constructor(readonly url: string) {}

  async request(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = {};
    let payload: string | undefined;
    if (options.raw !== undefined) {
      payload = options.raw;
      headers['content-type'] = 'application/json';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    Object.assign(headers, options.headers);
    const response = await fetchOnce(this.url + path, { method, headers, body: payload });
    const text = await response.text();
    let parsed: Json;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, text, headers: response.headers };
  }

  get(path: string, token?: string): Promise<ApiResponse> {
    return this.request('GET', path, undefined, { token });
  }

  post(path: string, body: unknown, token?: string, headers?: Record<string, string>): Promise<ApiResponse> {
    return this.request('POST', path, body, { token, headers });
  }

  /** Logs in and returns the token; fails loudly, with the answer, when the login is refused. */
  async login(username: string, password: string): Promise<string> {
    const response = await this.post('/api/auth/login', { username, password });
    if (response.status !== 200) throw new Error(`login ${username} → ${response.status} ${response.text}`);
    return response.body.token as string;
  }

  /** A setup step, not an assertion: throws unless the answer has the status wanted; gives its body. */
  async must<T = Json>(method: string, path: string, body: unknown, token: string, status = 201): Promise<T> {
    const response = await this.request(method, path, body, { token });
    if (response.status !== status) throw new Error(`${method} ${path} → ${response.status} (wanted ${status}): ${response.text}`);
    return response.body as T;
  }

  /** The store's head position, from the public health endpoint. */
  async position(): Promise<string | null> {
    const response = await this.get('/api/health');
    if (response.status !== 200) throw new Error(`health → ${response.status}`);
    return response.body.position as string | null;
  }

  /** Polls until `check` returns a value (not undefined), or fails when the time is up. */
  async eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5_000, stepMs = 50): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, stepMs));
    }
  }
}

/** Expects a command's answer (201 {id, stream, revision, position}), on `stream` when given. */
export function expectCommandAnswer(body: Json, stream?: string): void {
  expect(body).toEqual({
    id: expect.any(String),
    stream: stream ?? expect.any(String),
    revision: expect.any(Number),
    position: expect.stringMatching(/^\d+$/),
  });
}

/**
 * An error answer as the contract shapes it: the status, and `{error: <stable snake_case code>,
 * message}` in the server's own words (never a framework's `{statusCode, error: 'Bad Request'}`).
 */
export function expectError(response: ApiResponse, status: number, code?: string): void {
  expect({ status: response.status, body: response.body }).toEqual({
    status,
    body: expect.objectContaining({ error: code ?? expect.stringMatching(/^[a-z][a-z_]*$/), message: expect.any(String) }),
  });
  expect(response.body).not.toHaveProperty('statusCode');
}

/** 400 invalid input, with (at least) these per-field codes. */
export function expectFieldErrors(response: ApiResponse, fields: { field: string; code: string }[]): void {
  expectError(response, 400, 'invalid_input');
  expect(response.body.fields).toEqual(
    expect.arrayContaining(fields.map((f) => ({ field: f.field, code: f.code, message: expect.any(String) }))),
  );
}
