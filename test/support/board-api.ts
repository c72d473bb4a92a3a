/** A tiny HTTP client for the e2e suites: login, commands, queries, against a server from startServer(). */

export interface CommandAnswer {
  id: string;
  stream: string;
  revision: number;
  position: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} answered ${status}: ${JSON.stringify(body)}`);
  }
}

export class Api {
  constructor(
    readonly url: string,
    readonly token?: string,
  ) {}

  static async login(url: string, username: string, password: string): Promise<Api> {
    const response = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const body = (await response.json()) as { token?: string };
    if (response.status !== 200 || !body.token) throw new HttpError(response.status, body, 'login');
    return new Api(url, body.token);
  }

  async post<T = CommandAnswer>(path: string, body: unknown, expected = 201): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token && { authorization: `Bearer ${this.token}` }) },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as T;
    if (response.status !== expected) throw new HttpError(response.status, answer, `POST ${path}`);
    return answer;
  }

  async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.url}${path}`, { headers: this.token ? { authorization: `Bearer ${this.token}` } : {} });
    const answer = (await response.json()) as T;
    if (response.status !== 200) throw new HttpError(response.status, answer, `GET ${path}`);
    return answer;
  }
}

/** This month in China time (UTC+8), YYYY-MM: progress may not be reported for a future month. */
export function chinaMonth(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 7);
}

export function chinaToday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

export interface ProjectSpec {
  id: string;
  regionId: string;
  taskForceId: string;
}

/** Registers a project with plausible fields; only id, region and task force matter to the suites. */
export function registerProject(api: Api, spec: ProjectSpec): Promise<CommandAnswer> {
  return api.post('/api/projects', {
    id: spec.id,
    name: `项目 ${spec.id}`,
    taskForceId: spec.taskForceId,
    regionId: spec.regionId,
    owner: '广元某实业有限公司',
    kind: '新建',
    totalInvestment: 50_000,
    annualPlanInvestment: 12_000,
    stage: 'signed',
    stageOn: chinaToday(),
    location: [105.84, 32.43],
  });
}

/** One ProgressReported event for the project: the cheapest command that reaches every screen. */
export function reportProgress(api: Api, projectId: string, progress: number, note?: string): Promise<CommandAnswer> {
  return api.post(`/api/projects/${projectId}/progress`, {
    month: chinaMonth(),
    investment: 100 + Math.round(progress),
    progress,
    ...(note !== undefined && { note }),
  });
}
