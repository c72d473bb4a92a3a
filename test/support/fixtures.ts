import { chinaDay } from '@battlemap/events';
import { Api, type CommandAnswer } from './http-client';
import { RunningServer, startServer, tempDataDir } from './server';

/**
 * A small world for the HTTP suites: two counties, two task forces, and one account per role,
 * including a supervisor scoped to a task force, one scoped to a region, and one scoped elsewhere.
 *
 *              tf-a (铝基新材料)     tf-b (清洁能源)
 *   r-a 利州区   in scope of both    in scope of sup-region
 *   r-b 昭化区   in scope of sup-tf  in scope of sup-out
 *
 * Dates are in 2025 so that no "date in the future" rule can ever reject a fixture.
 */
export const ADMIN_PASSWORD = 'e2e-admin-password';
export const PASSWORD = 'e2e-password-1';

export const REGION_A = 'r-a';
export const REGION_B = 'r-b';
export const TF_A = 'tf-a';
export const TF_B = 'tf-b';

export type Role = 'anonymous' | 'admin' | 'supTaskForce' | 'supRegion' | 'supOut' | 'auditor' | 'screen';
export const ROLES: Role[] = ['anonymous', 'admin', 'supTaskForce', 'supRegion', 'supOut', 'auditor', 'screen'];

/** A running server's API and the admin's token: enough to set a board up through the public API. */
export interface AdminSession {
  api: Api;
  admin: string;
  /** Fresh ids, unique within a run: `fresh('p')` → `p-7`. */
  fresh(prefix: string): string;
}

export interface World extends AdminSession {
  server: RunningServer;
  dataDir: string;
  /** Tokens by role; `anonymous` has none. */
  tokens: Record<Role, string | undefined>;
  stop(): Promise<void>;
}

/** Logs the admin in on a running server. */
export async function adminSession(url: string, adminPassword: string): Promise<AdminSession> {
  const api = new Api(url);
  let counter = 0;
  return { api, admin: await api.login('admin', adminPassword), fresh: (prefix) => `${prefix}-${++counter}` };
}

export const ACCOUNTS = {
  supTaskForce: { username: 'sup-tf', displayName: '铝专班督查员', role: 'supervisor', scopes: { taskForces: [TF_A], regions: [] } },
  supRegion: { username: 'sup-region', displayName: '利州区督查员', role: 'supervisor', scopes: { taskForces: [], regions: [REGION_A] } },
  supOut: { username: 'sup-out', displayName: '昭化区能源督查员', role: 'supervisor', scopes: { taskForces: [TF_B], regions: [REGION_B] } },
  auditor: { username: 'auditor', displayName: '纪检审计员', role: 'auditor' },
  screen: { username: 'screen-1', displayName: '指挥大屏', role: 'screen' },
} as const;

export function projectBody(id: string | undefined, taskForceId = TF_A, regionId = REGION_A, overrides: Record<string, unknown> = {}) {
  return {
    ...(id && { id }),
    name: `重点项目 ${id ?? ''}`.trim(),
    taskForceId,
    regionId,
    owner: '广元某铝业有限公司',
    kind: '新建',
    totalInvestment: 50_000,
    annualPlanInvestment: 12_000,
    stage: 'signed',
    stageOn: '2025-03-10',
    plannedStart: '2025-06',
    location: [105.84, 32.44],
    ...overrides,
  };
}

export function problemBody(overrides: Record<string, unknown> = {}) {
  return {
    category: 'land',
    description: '用地指标未落实',
    deadline: '2025-08-31',
    severity: 'major',
    raisedOn: '2025-05-01',
    ...overrides,
  };
}

export function inspectionBody(projectId: string, overrides: Record<string, unknown> = {}) {
  return {
    projectId,
    kind: 'onsite',
    on: '2025-05-02',
    inspectorId: 'leader-1',
    findings: '主体施工推进顺利，用地手续待办',
    rating: 4,
    ...overrides,
  };
}

/** Starts a server with an admin account, then builds the world through the public API. */
export async function startWorld(options: { dataDir?: string; webDist?: string } = {}): Promise<World> {
  const data = options.dataDir ? { dir: options.dataDir, remove: () => undefined } : tempDataDir();
  const server = await startServer({ dataDir: data.dir, env: { ADMIN_PASSWORD, ...(options.webDist && { WEB_DIST: options.webDist }) } });
  const session = await adminSession(server.url, ADMIN_PASSWORD);
  const { api, admin } = session;
  const world: World = {
    ...session,
    server,
    dataDir: data.dir,
    tokens: { anonymous: undefined, admin, supTaskForce: '', supRegion: '', supOut: '', auditor: '', screen: '' },
    stop: async () => {
      await world.server.stop();
      data.remove();
    },
  };
  try {
    await api.must('POST', '/api/regions', { id: REGION_A, name: '利州区', kind: 'county' }, admin);
    await api.must('POST', '/api/regions', { id: REGION_B, name: '昭化区', kind: 'county' }, admin);
    await api.must(
      'POST',
      '/api/taskforces',
      { id: TF_A, name: '铝基新材料产业专班', industry: '铝基新材料', chiefId: 'chief-a', leadUnit: '市经信局' },
      admin,
    );
    await api.must(
      'POST',
      '/api/taskforces',
      { id: TF_B, name: '清洁能源产业专班', industry: '清洁能源', chiefId: 'chief-b', leadUnit: '市能源局' },
      admin,
    );
    for (const [role, account] of Object.entries(ACCOUNTS) as [
      Exclude<Role, 'anonymous' | 'admin'>,
      (typeof ACCOUNTS)[keyof typeof ACCOUNTS],
    ][]) {
      await api.must('POST', '/api/accounts', { ...account, password: PASSWORD }, admin);
      world.tokens[role] = await api.login(account.username, PASSWORD);
    }
    // The screen reads with the long-lived screen token, as a command room would.
    world.tokens.screen = (await api.must('POST', `/api/accounts/${ACCOUNTS.screen.username}/screen-token`, {}, admin)).token;
  } catch (error) {
    await world.stop();
    throw error;
  }
  return world;
}

/** Registers a project as admin and returns its id: `overrides.id`, else a fresh one. */
export async function registerProject(
  session: AdminSession,
  taskForceId = TF_A,
  regionId = REGION_A,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const id = (overrides.id as string | undefined) ?? session.fresh('p');
  await session.api.must('POST', '/api/projects', projectBody(id, taskForceId, regionId, overrides), session.admin);
  return id;
}

/** Raises a problem on a project (as admin) and returns its id. */
export async function raiseProblem(session: AdminSession, projectId: string): Promise<string> {
  const id = session.fresh('q');
  await session.api.must('POST', '/api/problems', problemBody({ id, projectId }), session.admin);
  return id;
}

/** One ProgressReported event for the project, this month (China time): the cheapest command that reaches every screen. */
export function reportProgress(session: AdminSession, projectId: string, progress: number, note?: string): Promise<CommandAnswer> {
  return session.api.must(
    'POST',
    `/api/projects/${projectId}/progress`,
    {
      month: chinaDay(Date.now()).slice(0, 7),
      investment: 100 + Math.round(progress),
      progress,
      ...(note !== undefined && { note }),
    },
    session.admin,
  );
}
