import { ApiResponse } from './support/http-client';
import { PASSWORD, REGION_A, TF_A, World, problemBody, projectBody, raiseProblem, registerProject, startWorld } from './support/fixtures';
import { mulberry32 } from '@battlemap/events';

/**
 * Random malformed bodies across every write endpoint: never a 5xx, never a success, and the store
 * does not move. Seeded (FUZZ_SEED), so a failure can be replayed exactly.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20260301);
const REQUESTS_PER_ENDPOINT = 42;
const OVERSIZE_REQUESTS = 8;

/** Seeded draws for the fuzzer, on the kernel's mulberry32. */
function prng(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof prng>;

/** What a field must be; each kind knows values that it can never be. */
type Kind =
  | { t: 'id' }
  | { t: 'text'; max: number }
  | { t: 'optText'; max: number }
  | { t: 'day' }
  | { t: 'month' }
  | { t: 'planned' }
  | { t: 'money' }
  | { t: 'enum' }
  | { t: 'range'; min: number; max: number; int?: boolean; nullable?: boolean }
  | { t: 'year' }
  | { t: 'lngLat' }
  | { t: 'problems' }
  | { t: 'scopes' }
  | { t: 'password' }
  | { t: 'login'; max: number }
  | { t: 'revision' };

const deep = (levels: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { [`k${i}`]: value, list: [value === 'bottom' ? 1 : null] };
  return value;
};

function invalidValue(kind: Kind, rng: Rng): unknown {
  const wrongTypes: unknown[] = [null, true, false, [], {}, [1, 2], { a: 1 }, deep(40)];
  const pools: Record<Kind['t'], () => unknown[]> = {
    id: () => ['', ' ', 'has space', '中文编号', '-leading', 'x'.repeat(65), 'a/b', 'a.b', 42, ...wrongTypes],
    text: () => {
      const max = (kind as { max: number }).max;
      return ['', '   ', '\n\t', 'x'.repeat(max + 1), '字'.repeat(max + 1), 'y'.repeat(200_000), 7, 0, ...wrongTypes];
    },
    optText: () => ['x'.repeat((kind as { max: number }).max + 1), 'z'.repeat(300_000), 7, null, true, ['note'], { text: 'note' }],
    day: () => [
      '2026-02-30',
      '2025-02-29',
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-1-1',
      '20250101',
      '2025/05/01',
      'yesterday',
      '',
      '2025-05-01T00:00:00Z',
      20250501,
      ...wrongTypes,
    ],
    month: () => ['2025-13', '2025-00', '2025-1', '2025/05', '2025-05-01', 'May 2025', '', 202505, ...wrongTypes],
    planned: () => ['2025-13', '2025-02-30', 'soon', '2025-5', '', 2025, null, true, ['2025-06']],
    money: () => [-1, -0.5, 1.5, 0.1, 1e13, 1e300, '100', '1e3', '', null, true, [100], { value: 1 }],
    enum: () => ['bogus', 'NEGOTIATING', '', ' signed', 5, null, true, ['signed'], { v: 'signed' }],
    range: () => {
      const k = kind as { min: number; max: number; int?: boolean; nullable?: boolean };
      const values: unknown[] = [k.min - 1, k.max + 1, k.max + 0.001, -1e9, 1e9, '5', '', true, [], {}];
      if (k.int) values.push(k.min + 0.5);
      if (!k.nullable) values.push(null);
      return values;
    },
    year: () => [1999, 2101, 2025.5, -2025, '2025', '', null, true, [2025]],
    lngLat: () => [[200, 30], [105, 95], [-181, 0], [105], [105, 32, 500], [], ['105', '32'], '105,32', { lng: 105, lat: 32 }, null, 105],
    problems: () => [
      'none',
      {},
      [1],
      [{}],
      [null],
      [{ category: 'bogus', description: 'x', deadline: '2025-06-01', severity: 'normal' }],
      [{ category: 'land', description: '', deadline: '2025-06-31', severity: 'normal' }],
      Array.from({ length: 51 }, () => ({ category: 'land', description: 'x', deadline: '2025-09-01', severity: 'normal' })),
    ],
    scopes: () => [
      'tf-a',
      [],
      null,
      { taskForces: 'tf-a' },
      { regions: [1] },
      { taskForces: ['bad id'] },
      { regions: Array(101).fill('r') },
    ],
    password: () => ['', 'short', 'x'.repeat(201), 12345678, null, true, ['password-1']],
    login: () => ['', 'x'.repeat((kind as { max: number }).max + 1), 1234, null, false, [], {}],
    // Any integer from -1 up is a revision (a stale one is a 409, not malformed): only non-integers and below -1.
    revision: () => [-2, -1e9, 1.5, 0.25, '1', '', true, null, [], {}],
  };
  return rng.pick(pools[kind.t]());
}

const K = {
  id: { t: 'id' } as Kind,
  text: (max: number): Kind => ({ t: 'text', max }),
  optText: (max: number): Kind => ({ t: 'optText', max }),
  day: { t: 'day' } as Kind,
  month: { t: 'month' } as Kind,
  planned: { t: 'planned' } as Kind,
  money: { t: 'money' } as Kind,
  enum: { t: 'enum' } as Kind,
  range: (min: number, max: number, extra: { int?: boolean; nullable?: boolean } = {}): Kind => ({ t: 'range', min, max, ...extra }),
  year: { t: 'year' } as Kind,
  lngLat: { t: 'lngLat' } as Kind,
};
const REVISION: Kind = { t: 'revision' };

interface FuzzEndpoint {
  name: string;
  method: 'POST' | 'PATCH';
  path: string;
  /** A body that would succeed (or fail only on the domain's rules). */
  valid: Record<string, unknown>;
  /** Every accepted field and its kind; required ones are dropped to make a body invalid. */
  fields: Record<string, Kind>;
  required: string[];
}

function endpoints(ids: { project: string; problem: string; account: string }): FuzzEndpoint[] {
  const p = `/api/projects/${ids.project}`;
  const q = `/api/problems/${ids.problem}`;
  const u = `/api/accounts/${ids.account}`;
  const e = (
    name: string,
    method: 'POST' | 'PATCH',
    path: string,
    valid: Record<string, unknown>,
    fields: Record<string, Kind>,
    required: string[],
  ): FuzzEndpoint => ({
    name,
    method,
    path,
    valid,
    fields: { ...fields, expectedRevision: REVISION },
    required,
  });
  return [
    e(
      'register project',
      'POST',
      '/api/projects',
      projectBody('p-fuzz'),
      {
        id: K.id,
        name: K.text(120),
        taskForceId: K.id,
        regionId: K.id,
        owner: K.text(120),
        kind: K.enum,
        totalInvestment: K.money,
        annualPlanInvestment: K.money,
        stage: K.enum,
        stageOn: K.day,
        plannedStart: K.planned,
        plannedCompletion: K.planned,
        location: K.lngLat,
        leadUnit: K.optText(120),
        leaderId: K.id,
      },
      ['name', 'taskForceId', 'regionId', 'owner', 'kind', 'totalInvestment', 'annualPlanInvestment', 'stage', 'stageOn', 'location'],
    ),
    e(
      'amend project',
      'PATCH',
      p,
      { name: '新名称', totalInvestment: 1 },
      {
        name: K.text(120),
        owner: K.text(120),
        kind: K.enum,
        totalInvestment: K.money,
        annualPlanInvestment: K.money,
        plannedStart: K.planned,
        plannedCompletion: K.planned,
        location: K.lngLat,
        leadUnit: K.optText(120),
      },
      [],
    ),
    e(
      'stage',
      'POST',
      `${p}/stage`,
      { stage: 'started', on: '2025-04-01', note: '开工' },
      { stage: K.enum, on: K.day, note: K.optText(500), batchId: K.id },
      ['stage', 'on'],
    ),
    e(
      'progress',
      'POST',
      `${p}/progress`,
      { month: '2025-05', investment: 100, progress: 10, milestone: '施工许可' },
      {
        month: K.month,
        investment: K.money,
        progress: K.range(0, 100),
        milestone: K.optText(60),
        note: K.optText(500),
      },
      ['month', 'investment', 'progress'],
    ),
    e('stalled', 'POST', `${p}/stalled`, { reason: '资金链断裂', on: '2025-06-01' }, { reason: K.text(500), on: K.day }, ['reason', 'on']),
    e('revitalized', 'POST', `${p}/revitalized`, { how: '引入战投', on: '2025-06-01' }, { how: K.text(500), on: K.day }, ['how', 'on']),
    e('terminated', 'POST', `${p}/terminated`, { reason: '撤资', on: '2025-06-01' }, { reason: K.text(500), on: K.day }, ['reason', 'on']),
    e('leader', 'POST', `${p}/leader`, { leaderId: 'leader-3', on: '2025-04-01' }, { leaderId: K.id, on: K.day }, ['leaderId']),
    e(
      'inspection',
      'POST',
      '/api/inspections',
      {
        projectId: ids.project,
        kind: 'visit',
        on: '2025-05-02',
        inspectorId: 'leader-1',
        findings: '正常',
        rating: 3,
        problems: [{ category: 'land', description: '用地', deadline: '2025-09-01', severity: 'normal' }],
      },
      {
        id: K.id,
        projectId: K.id,
        kind: K.enum,
        on: K.day,
        inspectorId: K.id,
        findings: K.text(4000),
        rating: K.range(1, 5, { int: true }),
        problems: { t: 'problems' },
      },
      ['projectId', 'kind', 'on', 'inspectorId', 'findings', 'rating'],
    ),
    e(
      'raise problem',
      'POST',
      '/api/problems',
      problemBody({ projectId: ids.project }),
      {
        id: K.id,
        projectId: K.id,
        regionId: K.id,
        taskForceId: K.id,
        category: K.enum,
        description: K.text(2000),
        deadline: K.day,
        severity: K.enum,
        raisedOn: K.day,
      },
      ['category', 'description', 'deadline', 'severity'],
    ),
    e(
      'assign problem',
      'POST',
      `${q}/assign`,
      { unit: '市自然资源局', deadline: '2025-09-30', on: '2025-05-10' },
      { unit: K.text(120), deadline: K.day, on: K.day },
      ['unit'],
    ),
    e(
      'escalate problem',
      'POST',
      `${q}/escalate`,
      { level: 'city', reason: '协调', on: '2025-05-11' },
      { level: K.enum, reason: K.text(1000), on: K.day },
      ['level', 'reason'],
    ),
    e('resolve problem', 'POST', `${q}/resolve`, { resolution: '已解决', on: '2025-05-20' }, { resolution: K.text(2000), on: K.day }, [
      'resolution',
    ]),
    e('close problem', 'POST', `${q}/close`, { note: '销号', on: '2025-05-25' }, { note: K.optText(1000), on: K.day }, []),
    e('reopen problem', 'POST', `${q}/reopen`, { reason: '复发', on: '2025-05-26' }, { reason: K.text(1000), on: K.day }, ['reason']),
    e(
      'form task force',
      'POST',
      '/api/taskforces',
      { id: 'tf-fuzz', name: '专班', industry: '产业', chiefId: 'chief-x', leadUnit: '牵头单位' },
      {
        id: K.id,
        name: K.text(60),
        industry: K.text(60),
        chiefId: K.id,
        leadUnit: K.text(120),
      },
      ['name', 'industry', 'chiefId', 'leadUnit'],
    ),
    e(
      'amend task force',
      'PATCH',
      `/api/taskforces/${TF_A}`,
      { name: '新专班名' },
      { name: K.text(60), industry: K.text(60), chiefId: K.id, leadUnit: K.text(120) },
      [],
    ),
    e('red flag', 'POST', `/api/taskforces/${TF_A}/red-flag`, { month: '2025-04' }, { month: K.month }, ['month']),
    e(
      'indicator target',
      'POST',
      '/api/indicators',
      { regionId: REGION_A, metric: 'tax', year: 2025, target: 1000, unit: '万元', label: '税收收入' },
      {
        regionId: K.id,
        metric: K.id,
        year: K.year,
        target: K.money,
        unit: K.text(20),
        label: K.optText(40),
      },
      ['regionId', 'metric', 'year', 'target', 'unit'],
    ),
    e(
      'indicator report',
      'POST',
      `/api/indicators/${REGION_A}/gdp/2025/report`,
      { month: '2025-06', value: 500, yoy: 3.2 },
      {
        month: K.month,
        value: K.money,
        yoy: K.range(-100, 10000, { nullable: true }),
      },
      ['month', 'value', 'yoy'],
    ),
    e(
      'define region',
      'POST',
      '/api/regions',
      { id: 'r-fuzz', name: '新区', kind: 'park', parentId: REGION_A },
      { id: K.id, name: K.text(40), kind: K.enum, parentId: K.id },
      ['id', 'name', 'kind'],
    ),
    e(
      'light rules',
      'POST',
      '/api/light-rules',
      { effectiveFrom: '2025-06-01', yellowLagPoints: 10, redLagPoints: 30, redStartSlipMonths: 3 },
      {
        effectiveFrom: K.day,
        yellowLagPoints: K.range(0, 100),
        redLagPoints: K.range(0, 100),
        redStartSlipMonths: K.range(1, 24, { int: true }),
      },
      ['effectiveFrom', 'yellowLagPoints', 'redLagPoints', 'redStartSlipMonths'],
    ),
    e(
      'create account',
      'POST',
      '/api/accounts',
      { username: 'fuzz-new', displayName: '新人', role: 'auditor', password: PASSWORD },
      {
        username: K.id,
        displayName: K.text(40),
        role: K.enum,
        password: { t: 'password' },
        scopes: { t: 'scopes' },
      },
      ['username', 'displayName', 'role', 'password'],
    ),
    e('change role', 'POST', `${u}/role`, { role: 'screen' }, { role: K.enum }, ['role']),
    e('change scopes', 'POST', `${u}/scopes`, { grant: { regions: [REGION_A] } }, { grant: { t: 'scopes' }, revoke: { t: 'scopes' } }, []),
    e('disable account', 'POST', `${u}/disable`, { reason: '调离' }, { reason: K.text(200) }, ['reason']),
    {
      name: 'reset password',
      method: 'POST',
      path: `${u}/password`,
      valid: { password: 'new-password-9' },
      fields: { password: { t: 'password' } },
      required: ['password'],
    },
    {
      name: 'login',
      method: 'POST',
      path: '/api/auth/login',
      valid: { username: 'admin', password: 'not-the-password' },
      fields: { username: { t: 'login', max: 64 }, password: { t: 'login', max: 200 } },
      required: ['username', 'password'],
    },
  ];
}

interface Case {
  endpoint: string;
  method: string;
  path: string;
  /** Parsed JSON object bodies are judged field by field; raw text and non-objects only by status. */
  judged: boolean;
  body?: unknown;
  raw?: string;
  mutations: string[];
}

const UNKNOWN_FIELDS = [
  'actor',
  'meta',
  'colour',
  'isAdmin',
  'role_',
  'Stage',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'x'.repeat(300),
];
const BROKEN_JSON = [
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '{"a":NaN}',
  '{"a":undefined}',
  '{"a":1}}',
  'nul',
  '\u0000',
  '{"a":"\\x"}',
  '[1,2',
  '<xml/>',
  '{"a":1}garbage',
  '\ufeff{"a"',
];

function mutate(endpoint: FuzzEndpoint, rng: Rng): Case {
  const base: Case = { endpoint: endpoint.name, method: endpoint.method, path: endpoint.path, judged: true, mutations: [] };
  const roll = rng.next();
  // Whole-body malformations.
  if (roll < 0.06) return { ...base, judged: false, raw: rng.pick(BROKEN_JSON), mutations: ['invalid JSON text'] };
  if (roll < 0.1)
    return {
      ...base,
      judged: false,
      raw: rng.pick(['null', '"text"', '42', 'true', '[]', JSON.stringify([endpoint.valid])]),
      mutations: ['JSON that is not an object'],
    };
  if (roll < 0.12 && endpoint.required.length > 0) return { ...base, judged: false, raw: '', mutations: ['empty body'] };
  if (roll < 0.14) {
    const raw = JSON.stringify(endpoint.valid).replace(/^\{/, '{"__proto__":{"admin":true},');
    return { ...base, raw, mutations: ['__proto__ field'] };
  }
  // Field malformations: one to three, each enough on its own to make the body invalid.
  const body: Record<string, unknown> = structuredClone(endpoint.valid);
  const count = 1 + rng.int(3);
  const names = Object.keys(endpoint.fields);
  for (let i = 0; i < count; i++) {
    const choice = rng.int(3);
    if (choice === 0 && endpoint.required.length > 0) {
      const field = rng.pick(endpoint.required);
      delete body[field];
      base.mutations.push(`drop ${field}`);
    } else if (choice === 1) {
      const field = rng.pick(UNKNOWN_FIELDS);
      body[field] = rng.pick([1, 'x', null, { nested: deep(5) }, ['a']]);
      base.mutations.push(`unknown ${field.slice(0, 20)}`);
    } else {
      const field = rng.pick(names);
      body[field] = invalidValue(endpoint.fields[field], rng);
      base.mutations.push(`bad ${field}`);
    }
  }
  if (rng.chance(0.05)) return { ...base, judged: false, body: [body], mutations: [...base.mutations, 'wrapped in an array'] };
  return { ...base, body };
}

describe('fuzz: malformed bodies on every write endpoint', () => {
  let world: World;
  const results: { c: Case; response: ApiResponse; size: number }[] = [];
  let before: string | null;

  beforeAll(async () => {
    world = await startWorld();
    const project = await registerProject(world);
    const problem = await raiseProblem(world, project);
    await world.api.must(
      'POST',
      '/api/indicators',
      { regionId: REGION_A, metric: 'gdp', year: 2025, target: 1000, unit: '万元' },
      world.admin,
    );
    await world.api.must(
      'POST',
      '/api/accounts',
      { username: 'fuzz-target', displayName: '靶子', role: 'auditor', password: PASSWORD },
      world.admin,
    );
    const rng = prng(SEED);
    const cases: Case[] = [];
    for (const endpoint of endpoints({ project, problem, account: 'fuzz-target' })) {
      for (let i = 0; i < REQUESTS_PER_ENDPOINT; i++) cases.push(mutate(endpoint, rng));
    }
    // Over the 1 MiB limit, on a few endpoints, valid JSON and not.
    for (let i = 0; i < OVERSIZE_REQUESTS; i++) {
      const raw =
        i % 2 === 0 ? JSON.stringify({ reason: 'x'.repeat(1024 * 1024 + rng.int(4096)), on: '2025-06-01' }) : '['.repeat(1024 * 1024 + 10);
      cases.push({
        endpoint: 'stalled (oversize)',
        method: 'POST',
        path: `/api/projects/${project}/stalled`,
        judged: false,
        raw,
        mutations: ['over 1 MiB'],
      });
    }

    before = await world.api.position();
    const token = world.admin;
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++];
        const response = await world.api.request(c.method, c.path, c.body, { token, raw: c.raw });
        const size = c.raw !== undefined ? Buffer.byteLength(c.raw) : Buffer.byteLength(JSON.stringify(c.body));
        results.push({ c, response, size });
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    const tally: Record<string, number> = {};
    for (const { response } of results) tally[response.status] = (tally[response.status] ?? 0) + 1;
    process.stdout.write(
      `\nfuzz: seed ${SEED}, ${results.length} requests over ${new Set(cases.map((c) => c.endpoint)).size} endpoints; statuses ${JSON.stringify(tally)}\n`,
    );
  }, 120_000);
  afterAll(() => world?.stop());

  const describeCase = ({ c, response }: { c: Case; response: ApiResponse }) =>
    `${c.method} ${c.path} [${c.mutations.join(', ')}] → ${response.status} ${response.text.slice(0, 200)}`;

  it(`sends at least 1,000 malformed requests`, () => {
    expect(results.length).toBeGreaterThanOrEqual(1000);
  });

  it('never answers 5xx, never succeeds: 400, or 413 above 1 MiB', () => {
    const wrong = results.filter(({ response, size }) => (size > 1024 * 1024 ? response.status !== 413 : response.status !== 400));
    expect(wrong.map(describeCase)).toEqual([]);
  });

  it('leaves the store where it was', async () => {
    await new Promise((r) => setTimeout(r, 200));
    expect(await world.api.position()).toBe(before);
    expect((await world.api.get('/api/audit/verify', world.admin)).body.ok).toBe(true);
  });

  it('answers every malformed JSON object with per-field messages, each naming its field', () => {
    const wrong = results.filter(({ c, response }) => {
      if (!c.judged || response.status !== 400) return false;
      const body = response.body;
      if (body?.error !== 'invalid_input' || !Array.isArray(body.fields) || body.fields.length === 0) return true;
      return body.fields.some(
        (f: { field: unknown; code: unknown; message: unknown }) =>
          typeof f.field !== 'string' ||
          typeof f.code !== 'string' ||
          typeof f.message !== 'string' ||
          /\[object Object\]|function |native code/.test(f.message),
      );
    });
    expect(wrong.map(describeCase).slice(0, 10)).toEqual([]);
  });

  it('malformed query strings on the read endpoints never answer 5xx', async () => {
    const rng = prng(SEED + 1);
    const values = [
      '',
      'abc',
      '-1',
      '0',
      '1.5',
      '99999999999999999999',
      '1e400',
      '2026-02-30',
      '%00',
      '__proto__',
      'constructor',
      'toString',
      'x'.repeat(5000),
      '[]',
      '{}',
    ];
    const paths: string[] = [];
    for (let i = 0; i < 120; i++) {
      const v = encodeURIComponent(rng.pick(values));
      paths.push(
        rng.pick([
          `/api/board?year=${v}`,
          `/api/board?at=${v}`,
          `/api/board?region=${v}`,
          `/api/board?taskForce=${v}`,
          `/api/events?after=${v}`,
          `/api/events?limit=${v}`,
          `/api/events?stream=${v}&type=${v}`,
          `/api/projects/${v || 'x'}`,
          `/api/projects/${v || 'x'}/history`,
        ]),
      );
    }
    const failures: string[] = [];
    for (const path of paths) {
      const response = await world.api.get(path, world.admin);
      if (response.status >= 500) failures.push(`GET ${path.slice(0, 80)} → ${response.status}`);
    }
    expect([...new Set(failures)]).toEqual([]);
  });

  // Last: when it fails, it leaves this server's board broken for good.
  it('ids that are valid but named like Object.prototype members never break the board', async () => {
    const { api, admin } = world;
    const answers = [
      await api.post('/api/regions', { id: 'toString', name: '怪名属地', kind: 'county', parentId: 'constructor' }, admin),
      await api.post(
        '/api/taskforces',
        { id: 'valueOf', name: '怪名专班', industry: '测试', chiefId: 'chief-z', leadUnit: '测试单位' },
        admin,
      ),
      await api.post('/api/projects', projectBody('constructor', 'valueOf', 'toString'), admin),
      await api.post('/api/problems', problemBody({ id: 'hasOwnProperty', projectId: 'constructor' }), admin),
    ];
    // Refusing such ids (400) is as good as handling them; a 5xx is not.
    for (const answer of answers) expect([201, 400]).toContain(answer.status);
    await new Promise((r) => setTimeout(r, 300));
    const board = await api.get('/api/board', admin);
    expect({ status: board.status, body: board.status === 200 ? 'board' : board.body }).toEqual({ status: 200, body: 'board' });
    expect([200, 404]).toContain((await api.get('/api/projects/constructor', admin)).status);
    expect((await api.get('/api/board?region=toString', admin)).status).toBe(200);
    expect((await api.get('/api/board?taskForce=valueOf', world.tokens.screen)).status).toBe(200);
  });
});
