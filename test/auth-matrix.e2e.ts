import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiResponse } from './support/http-client';
import {
  ACCOUNTS,
  PASSWORD,
  REGION_A,
  ROLES,
  Role,
  TF_A,
  World,
  inspectionBody,
  problemBody,
  projectBody,
  raiseProblem,
  registerProject,
  startWorld,
} from './support/fixtures';
import { ROOT } from './support/server';

/**
 * Every write endpoint × every role. Each cell gets its own fresh target (made by the admin), so a
 * refusal can only come from the caller's role or scope, never from the target's state.
 *
 * Who may write (the contract: supervisors are scoped to task forces and/or regions):
 * - `admin`: admins only (task forces, the red flag, regions, light rules, accounts);
 * - `scoped`: admins, and supervisors whose task forces OR regions hold the target (tf-a in r-a here);
 * - `region`: admins, and supervisors whose regions hold the target (economic indicators are a region's);
 * - `anyone`: any valid token (logout).
 */
type Access = 'admin' | 'scoped' | 'region' | 'anyone';

interface Target {
  path: string;
  body: unknown;
  /** A throwaway token for the role, when the call spends the role's token (logout). */
  token?: string;
}

interface Endpoint {
  name: string;
  method: 'POST' | 'PATCH';
  access: Access;
  success: 200 | 201;
  prepare(world: World, role: Role): Promise<Target>;
}

let monthCounter = 0;
const freshMonth = () => `2024-${String((++monthCounter % 12) + 1).padStart(2, '0')}`;

async function newAccount(world: World, role: 'auditor' | 'screen' | 'supervisor' = 'auditor'): Promise<string> {
  const username = world.fresh('acct');
  await world.api.must('POST', '/api/accounts', { username, displayName: '矩阵测试', role, password: PASSWORD }, world.admin);
  return username;
}

const project = (world: World) => registerProject(world, TF_A, REGION_A);

const ENDPOINTS: Endpoint[] = [
  {
    name: 'POST /api/projects',
    method: 'POST',
    access: 'scoped',
    success: 201,
    prepare: async (w) => ({ path: '/api/projects', body: projectBody(w.fresh('p'), TF_A, REGION_A) }),
  },
  {
    name: 'PATCH /api/projects/:id',
    method: 'PATCH',
    access: 'scoped',
    success: 200,
    prepare: async (w) => ({ path: `/api/projects/${await project(w)}`, body: { name: '更名项目' } }),
  },
  {
    name: 'POST /api/projects/:id/stage',
    method: 'POST',
    access: 'scoped',
    success: 201,
    prepare: async (w) => ({ path: `/api/projects/${await project(w)}/stage`, body: { stage: 'started', on: '2025-04-01' } }),
  },
  {
    name: 'POST /api/projects/:id/progress',
    method: 'POST',
    access: 'scoped',
    success: 201,
    prepare: async (w) => ({
      path: `/api/projects/${await project(w)}/progress`,
      body: { month: '2025-05', investment: 800, progress: 20 },
    }),
  },
  {
    name: 'POST /api/projects/:id/stalled',
    method: 'POST',
    access: 'scoped',
    success: 201,
    prepare: async (w) => ({ path: `/api/projects/${await project(w)}/stalled`, body: { reason: '资金链断裂', on: '2025-06-01' } }),
  },
  {
    name: 'POST /api/projects/:id/revitalized',
    method: 'POST',
    access: 'scoped',
    success: 201,
    prepare: async (w) => {
      const id = await project(w);
      await w.api.must('POST', `/api/projects/${id}/stalled`, { reason: '资金链断裂', on: '2025-06-01' }, w.admin);
      return { path: `/api/projects/${id}/revitalized`, body: { how: '引入战略投资者', on: '2025-07-01' } };
    },
  },
  {
    name: 'POST /api/projects/:id/terminated',
    method: 'POST',
    access: 'scoped',
    success: 201,
    prepare: async (w) => ({ path: `/api/projects/${await project(w)}/terminated`, body: { reason: '企业撤资', on: '2025-08-01' } }),
  },
  {
    name: 'POST /api/projects/:id/leader',
    method: 'POST',
    access: 'scoped',
    success: 201,
    prepare: async (w) => ({ path: `/api/projects/${await project(w)}/leader`, body: { leaderId: 'leader-2', on: '2025-04-01' } }),
  },
  {
    name: 'POST /api/inspections',
    method: 'POST',
    access: 'scoped',
    success: 201,
    prepare: async (w) => ({ path: '/api/inspections', body: inspectionBody(await project(w)) }),
  },
  {
    name: 'POST /api/problems',
    method: 'POST',
    access: 'scoped',
    success: 201,
    prepare: async (w) => ({ path: '/api/problems', body: problemBody({ projectId: await project(w) }) }),
  },
  {
    name: 'POST /api/problems/:id/assign',
    method: 'POST',
    access: 'scoped',
    success: 201,
    prepare: async (w) => ({
      path: `/api/problems/${await raiseProblem(w, await project(w))}/assign`,
      body: { unit: '市自然资源局', on: '2025-05-10' },
    }),
  },
  {
    name: 'POST /api/problems/:id/escalate',
    method: 'POST',
    access: 'scoped',
    success: 201,
    prepare: async (w) => ({
      path: `/api/problems/${await raiseProblem(w, await project(w))}/escalate`,
      body: { level: 'city', reason: '需市级协调', on: '2025-05-11' },
    }),
  },
  {
    name: 'POST /api/problems/:id/resolve',
    method: 'POST',
    access: 'scoped',
    success: 201,
    prepare: async (w) => ({
      path: `/api/problems/${await raiseProblem(w, await project(w))}/resolve`,
      body: { resolution: '已协调解决', on: '2025-05-20' },
    }),
  },
  {
    name: 'POST /api/problems/:id/close',
    method: 'POST',
    access: 'scoped',
    success: 201,
    prepare: async (w) => {
      const id = await raiseProblem(w, await project(w));
      await w.api.must('POST', `/api/problems/${id}/resolve`, { resolution: '已协调解决', on: '2025-05-20' }, w.admin);
      return { path: `/api/problems/${id}/close`, body: { note: '核实销号', on: '2025-05-25' } };
    },
  },
  {
    name: 'POST /api/problems/:id/reopen',
    method: 'POST',
    access: 'scoped',
    success: 201,
    prepare: async (w) => {
      const id = await raiseProblem(w, await project(w));
      await w.api.must('POST', `/api/problems/${id}/resolve`, { resolution: '已协调解决', on: '2025-05-20' }, w.admin);
      return { path: `/api/problems/${id}/reopen`, body: { reason: '问题复发', on: '2025-05-26' } };
    },
  },
  {
    name: 'POST /api/taskforces',
    method: 'POST',
    access: 'admin',
    success: 201,
    prepare: async (w) => ({
      path: '/api/taskforces',
      body: { id: w.fresh('tf'), name: '文旅康养产业专班', industry: '文旅康养', chiefId: 'chief-d', leadUnit: '市文旅局' },
    }),
  },
  {
    name: 'PATCH /api/taskforces/:id',
    method: 'PATCH',
    access: 'admin',
    success: 200,
    prepare: async () => ({ path: `/api/taskforces/${TF_A}`, body: { leadUnit: '市经济和信息化局' } }),
  },
  {
    name: 'POST /api/taskforces/:id/red-flag',
    method: 'POST',
    access: 'admin',
    success: 201,
    prepare: async () => ({ path: `/api/taskforces/${TF_A}/red-flag`, body: { month: freshMonth() } }),
  },
  {
    name: 'POST /api/indicators',
    method: 'POST',
    access: 'region',
    success: 201,
    prepare: async (w) => ({
      path: '/api/indicators',
      body: { regionId: REGION_A, metric: w.fresh('metric'), year: 2025, target: 100_000, unit: '万元' },
    }),
  },
  {
    name: 'POST /api/indicators/:region/:metric/:year/report',
    method: 'POST',
    access: 'region',
    success: 201,
    prepare: async (w) => {
      const metric = w.fresh('metric');
      await w.api.must('POST', '/api/indicators', { regionId: REGION_A, metric, year: 2025, target: 100_000, unit: '万元' }, w.admin);
      return { path: `/api/indicators/${REGION_A}/${metric}/2025/report`, body: { month: '2025-06', value: 52_000, yoy: 7.5 } };
    },
  },
  {
    name: 'POST /api/regions',
    method: 'POST',
    access: 'admin',
    success: 201,
    prepare: async (w) => ({ path: '/api/regions', body: { id: w.fresh('park'), name: '园区', kind: 'park', parentId: REGION_A } }),
  },
  {
    name: 'POST /api/light-rules',
    method: 'POST',
    access: 'admin',
    success: 201,
    prepare: async () => ({
      path: '/api/light-rules',
      body: { effectiveFrom: '2025-01-01', yellowLagPoints: 10, redLagPoints: 30, redStartSlipMonths: 3 },
    }),
  },
  {
    name: 'POST /api/accounts',
    method: 'POST',
    access: 'admin',
    success: 201,
    prepare: async (w) => ({
      path: '/api/accounts',
      body: { username: w.fresh('acct'), displayName: '新账号', role: 'auditor', password: PASSWORD },
    }),
  },
  {
    name: 'POST /api/accounts/:u/role',
    method: 'POST',
    access: 'admin',
    success: 201,
    prepare: async (w) => ({ path: `/api/accounts/${await newAccount(w)}/role`, body: { role: 'screen' } }),
  },
  {
    name: 'POST /api/accounts/:u/scopes',
    method: 'POST',
    access: 'admin',
    success: 201,
    prepare: async (w) => ({ path: `/api/accounts/${await newAccount(w, 'supervisor')}/scopes`, body: { grant: { regions: [REGION_A] } } }),
  },
  {
    name: 'POST /api/accounts/:u/disable',
    method: 'POST',
    access: 'admin',
    success: 201,
    prepare: async (w) => ({ path: `/api/accounts/${await newAccount(w)}/disable`, body: { reason: '调离' } }),
  },
  {
    name: 'POST /api/accounts/:u/password',
    method: 'POST',
    access: 'admin',
    success: 201,
    prepare: async (w) => ({ path: `/api/accounts/${await newAccount(w)}/password`, body: { password: 'another-password' } }),
  },
  {
    name: 'POST /api/accounts/:u/screen-token',
    method: 'POST',
    access: 'admin',
    success: 201,
    prepare: async (w) => ({ path: `/api/accounts/${await newAccount(w, 'screen')}/screen-token`, body: {} }),
  },
  {
    name: 'POST /api/auth/logout',
    method: 'POST',
    access: 'anyone',
    success: 200,
    prepare: async (w, role) => ({ path: '/api/auth/logout', body: {}, token: await throwawayToken(w, role) }),
  },
];

/** A second token for the role, so that logging it out leaves the suite's own token alive. */
async function throwawayToken(world: World, role: Role): Promise<string | undefined> {
  switch (role) {
    case 'anonymous':
      return undefined;
    case 'admin':
      return world.api.login('admin', 'e2e-admin-password');
    case 'screen':
      return (await world.api.must('POST', `/api/accounts/${ACCOUNTS.screen.username}/screen-token`, {}, world.admin)).token;
    default:
      return world.api.login(ACCOUNTS[role].username, PASSWORD);
  }
}

function expected(endpoint: Endpoint, role: Role): number {
  if (role === 'anonymous') return 401;
  if (endpoint.access === 'anyone' || role === 'admin') return endpoint.success;
  if (role === 'auditor' || role === 'screen' || endpoint.access === 'admin') return 403;
  // Supervisors: the target is in task force tf-a and region r-a.
  const inScope = endpoint.access === 'scoped' ? role !== 'supOut' : role === 'supRegion';
  return inScope ? endpoint.success : 403;
}

const COLUMNS: Record<Role, string> = {
  anonymous: 'anonymous',
  admin: 'admin',
  supTaskForce: 'supervisor (tf-a)',
  supRegion: 'supervisor (r-a)',
  supOut: 'supervisor out of scope',
  auditor: 'auditor',
  screen: 'screen',
};

describe('authorisation matrix: every write endpoint × every role', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world?.stop());

  // About 250 requests, each cell with its own fresh target: minutes on a busy 2-core machine.
  it('answers 401 / 403 / 2xx exactly as the roles and scopes say, and writes nothing when refusing', async () => {
    const rows: { endpoint: string; cells: Record<Role, { status: number; expected: number; body: ApiResponse['body'] }> }[] = [];
    for (const endpoint of ENDPOINTS) {
      const cells = {} as Record<Role, { status: number; expected: number; body: ApiResponse['body'] }>;
      for (const role of ROLES) {
        const target = await endpoint.prepare(world, role);
        const token = endpoint.access === 'anyone' ? target.token : world.tokens[role];
        const before = await world.api.position();
        const response = await world.api.request(endpoint.method, target.path, target.body, { token });
        const after = await world.api.position();
        cells[role] = { status: response.status, expected: expected(endpoint, role), body: response.body };
        // A refusal appends nothing; a success appends (logout and password reset are not events).
        if (response.status >= 400)
          expect({ endpoint: endpoint.name, role, after }).toEqual({ endpoint: endpoint.name, role, after: before });
      }
      rows.push({ endpoint: endpoint.name, cells });
    }

    const header = `| endpoint | ${ROLES.map((r) => COLUMNS[r]).join(' | ')} |`;
    const rule = `|---|${ROLES.map(() => '---').join('|')}|`;
    const lines = rows.map(
      ({ endpoint, cells }) =>
        `| ${endpoint} | ${ROLES.map((r) => (cells[r].status === cells[r].expected ? String(cells[r].status) : `**${cells[r].status}** (want ${cells[r].expected})`)).join(' | ')} |`,
    );
    const table = [header, rule, ...lines].join('\n');
    process.stdout.write(`\nAuthorisation matrix (${ENDPOINTS.length} write endpoints × ${ROLES.length} roles)\n${table}\n\n`);
    mkdirSync(join(ROOT, 'test', 'artifacts'), { recursive: true });
    writeFileSync(join(ROOT, 'test', 'artifacts', 'auth-matrix.md'), `${table}\n`);

    const actual = rows.map(({ endpoint, cells }) => [endpoint, ...ROLES.map((r) => cells[r].status)]);
    const wanted = rows.map(({ endpoint, cells }) => [endpoint, ...ROLES.map((r) => cells[r].expected)]);
    expect(actual).toEqual(wanted);

    // Refusals say why, in the contract's words.
    for (const { endpoint, cells } of rows) {
      for (const role of ROLES) {
        const { status, body } = cells[role];
        if (status === 401) expect({ endpoint, role, error: body.error }).toEqual({ endpoint, role, error: 'unauthorized' });
        if (status === 403) {
          const reason =
            role.startsWith('sup') && !ENDPOINTS.find((e) => e.name === endpoint)!.access.startsWith('admin')
              ? 'out_of_scope'
              : 'forbidden';
          expect({ endpoint, role, error: body.error }).toEqual({ endpoint, role, error: reason });
        }
      }
    }
  }, 240_000);
});

/**
 * Every read × every role (DESIGN "Who reads what"): screens read the board, the map and health;
 * supervisors also their scope's projects, problems, inspections and their history; auditors and
 * admins everything, including the whole log, replays and verification.
 */
type ReadAccess = 'public' | 'anyRole' | 'people' | 'auditors' | 'inScope' | 'admin';

const READ_ALLOWED: Record<ReadAccess, readonly Role[]> = {
  public: ROLES,
  anyRole: ['admin', 'supTaskForce', 'supRegion', 'supOut', 'auditor', 'screen'],
  people: ['admin', 'supTaskForce', 'supRegion', 'supOut', 'auditor'],
  auditors: ['admin', 'auditor'],
  inScope: ['admin', 'supTaskForce', 'supRegion', 'auditor'],
  admin: ['admin'],
};

describe('read matrix: every read endpoint × every role', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world?.stop());

  it('answers 401 / 403 / 200 exactly as DESIGN says, with the contract’s error codes', async () => {
    const projectId = await project(world);
    const problemId = await raiseProblem(world, projectId);
    const inspection = await world.api.must<{ stream: string }>('POST', '/api/inspections', inspectionBody(projectId), world.admin);
    const at = new Date().toISOString();
    const reads: [string, ReadAccess][] = [
      ['/api/health', 'public'],
      ['/api/board', 'anyRole'],
      ['/api/board?region=r-a', 'anyRole'],
      ['/api/map', 'anyRole'],
      ['/api/auth/me', 'anyRole'],
      [`/api/board?at=${encodeURIComponent(at)}`, 'auditors'],
      ['/api/board?on=2025-06-30', 'auditors'],
      ['/api/events', 'auditors'],
      ['/api/events?type=ProjectRegistered&limit=5', 'auditors'],
      ['/api/audit/verify', 'auditors'],
      ['/api/events?stream=account-admin', 'auditors'],
      ['/api/events?stream=config-light-rules', 'auditors'],
      [`/api/projects/${projectId}`, 'inScope'],
      [`/api/projects/${projectId}/history`, 'inScope'],
      [`/api/events?stream=project-${projectId}`, 'inScope'],
      [`/api/events?stream=problem-${problemId}`, 'inScope'],
      [`/api/events?stream=${inspection.stream}`, 'inScope'],
      ['/api/people', 'people'],
      ['/api/accounts', 'admin'],
    ];
    const actual: (string | number)[][] = [];
    const wanted: (string | number)[][] = [];
    for (const [path, access] of reads) {
      const row: (string | number)[] = [path];
      const want: (string | number)[] = [path];
      for (const role of ROLES) {
        const response = await world.api.get(path, role === 'anonymous' ? undefined : world.tokens[role]);
        const expectedStatus = READ_ALLOWED[access].includes(role) ? 200 : role === 'anonymous' ? 401 : 403;
        row.push(response.status);
        want.push(expectedStatus);
        if (response.status === 403 && expectedStatus === 403) {
          const reason = access === 'inScope' && role === 'supOut' ? 'out_of_scope' : 'forbidden';
          expect({ path, role, error: response.body.error }).toEqual({ path, role, error: reason });
          expect(response.body.message).toMatch(/[\u4e00-\u9fff]/);
        }
      }
      actual.push(row);
      wanted.push(want);
    }
    expect(actual).toEqual(wanted);
  });
});
