import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RESPONSES, ResponseName, chinaDay } from '@battlemap/events';
import { ApiResponse, Json } from './support/http-client';
import { ACCOUNTS, PASSWORD, REGION_A, TF_A, World, problemBody, projectBody, startWorld } from './support/fixtures';
import { ROOT } from './support/server';

const REDOCLY = join(ROOT, 'node_modules', '.bin', 'redocly');
const METHODS = ['get', 'post', 'patch', 'put', 'delete'];

interface Operation {
  method: string;
  path: string;
  op: Json;
}

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

/** The API document the running server publishes, checked by redocly and against the server's own answers. */
describe('the API document (/api/docs-json)', () => {
  let world: World;
  let document: Json;
  let operations: Operation[];
  const operation = (method: string, path: string): Json => document.paths[path]?.[method.toLowerCase()];

  beforeAll(async () => {
    world = await startWorld();
    const response = await fetch(`${world.server.url}/api/docs-json`);
    expect(response.status).toBe(200);
    document = await response.json();
    operations = Object.entries(document.paths as Record<string, Json>).flatMap(([path, item]) =>
      Object.entries(item as Json)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => ({ method, path, op })),
    );
  });
  afterAll(() => world?.stop());

  it('passes redocly lint with the recommended rules (redocly.yaml): no errors, no warning but the two known', async () => {
    const problems = await redoclyLint(document);
    const unexpected = problems.filter(
      (p) =>
        !(
          p.ruleId === 'operation-4xx-response' &&
          ['#/paths/~1api~1health/get/responses', '#/paths/~1metrics/get/responses'].includes(p.location[0]?.pointer)
        ),
    );
    expect(unexpected.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
  }, 60_000);

  it('is OpenAPI 3.1 with JSON Schema 2020-12 embedded without $schema', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(JSON.stringify(document)).not.toContain('"$schema"');
  });

  it('gives every operation a summary, a unique operationId, a success schema and its 4xx answers', () => {
    expect(operations.length).toBeGreaterThanOrEqual(40);
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { method, path, op } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect({ where, summary: typeof op.summary === 'string' && op.summary.length > 0 }).toEqual({ where, summary: true });
      const statuses = Object.keys(op.responses);
      const success = statuses.filter((s) => /^2/.test(s));
      expect({ where, success: success.length }).toEqual({ where, success: 1 });
      expect(op.responses[success[0]].content).toBeDefined();
      // Only the two public routes that read no input can answer no 4xx.
      const needs4xx = !['/api/health', '/metrics'].includes(path);
      expect({ where, has4xx: statuses.some((s) => /^4/.test(s)) }).toEqual({ where, has4xx: needs4xx });
      for (const status of statuses.filter((s) => /^4/.test(s))) {
        expect(document.components.responses[op.responses[status].$ref.split('/').pop()].content['application/json'].schema).toEqual({
          $ref: '#/components/schemas/Error',
        });
      }
    }
  });

  it('documents a JSON body on every route that reads one, and only there', () => {
    const bodiless = operations.filter(({ op }) => !op.requestBody).map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(bodiless.filter((route) => !route.startsWith('GET ')).sort()).toEqual([
      'POST /api/accounts/{username}/screen-token',
      'POST /api/auth/logout',
    ]);
    for (const { path, op } of operations.filter(({ op }) => op.requestBody)) {
      // The ledger imports take one uploaded file; every other body is JSON.
      const upload = ['/api/imports/projects', '/api/imports/progress'].includes(path);
      expect(Object.keys(op.requestBody.content)).toEqual([upload ? 'multipart/form-data' : 'application/json']);
      expect(op.responses['400']).toBeDefined();
      expect(op.responses['413']).toBeDefined();
    }
  });

  it('declares the error body {error, message, fields?: [{field, code, message}]}', () => {
    const error = document.components.schemas.Error;
    expect(error.required).toEqual(['error', 'message']);
    expect(error.properties.fields.items).toMatchObject({ required: ['field', 'code', 'message'] });
  });

  it('asks for the bearer token everywhere but on the public routes', () => {
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const open = operations
      .filter(({ op }) => Array.isArray(op.security) && op.security.length === 0)
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(open.sort()).toEqual(['GET /api/health', 'GET /metrics', 'POST /api/auth/login']);
    for (const { path, op } of operations.filter(({ op }) => !op.security))
      expect({ path, r401: Boolean(op.responses['401']) }).toEqual({ path, r401: true });
  });

  it('documents the account role body, the board and event queries, and the path parameters', () => {
    const role = operation('POST', '/api/accounts/{username}/role');
    expect(role.parameters).toContainEqual(expect.objectContaining({ name: 'username', in: 'path', required: true }));
    const roleBody = schemaOf(role.requestBody.content['application/json'].schema);
    expect(roleBody).toMatchObject({ required: ['role'], additionalProperties: false });
    expect(roleBody.properties.role.enum).toEqual(['admin', 'supervisor', 'auditor', 'screen']);
    for (const path of ['scopes', 'disable', 'password'])
      expect(operation('POST', `/api/accounts/{username}/${path}`).requestBody.required).toBe(true);

    const board = operation('GET', '/api/board');
    expect(board.parameters.map((p: Json) => [p.name, p.in, p.required])).toEqual([
      ['year', 'query', false],
      ['region', 'query', false],
      ['taskForce', 'query', false],
      ['at', 'query', false],
      ['on', 'query', false],
    ]);
    expect(board.parameters[0].schema).toEqual({ type: 'integer', minimum: 2000, maximum: 2100 });
    const events = operation('GET', '/api/events');
    expect(events.parameters.map((p: Json) => p.name)).toEqual([
      'after',
      'limit',
      'stream',
      'type',
      'from',
      'to',
      'actor',
      'region',
      'taskForce',
    ]);
    expect(events.parameters[1].schema).toEqual({ default: 100, type: 'integer', minimum: 1, maximum: 1000 });

    const report = operation('POST', '/api/indicators/{regionId}/{metric}/{year}/report');
    expect(report.parameters.filter((p: Json) => p.in === 'path').map((p: Json) => p.name)).toEqual(['regionId', 'metric', 'year']);
    for (const transition of ['assign', 'escalate', 'resolve', 'close', 'reopen']) {
      expect(operation('POST', `/api/problems/{id}/${transition}`).requestBody).toBeDefined();
    }
  });

  it('documents only routes the server mounts', async () => {
    // Nest answers a route it does not know with our generic 404 `not_found`; known ones say what is missing.
    expect((await world.api.post('/api/projects/x/no-such-step', {})).body).toMatchObject({ error: 'not_found' });
    for (const { method, path } of operations) {
      const response = await world.api.request(method.toUpperCase(), path.replace(/\{\w+\}/g, 'x'));
      const where = `${method.toUpperCase()} ${path}`;
      expect({ where, unknown: response.status === 404 && response.body?.error === 'not_found' }).toEqual({ where, unknown: false });
    }
  });

  describe('the server answers as documented', () => {
    /** The answer's status is documented for the route, and its body parses with the documented schema. */
    function expectDocumented(route: string, response: ApiResponse, status: number): void {
      const [method, path] = route.split(' ');
      expect({ route, status: response.status, body: response.status === status ? 'ok' : response.body }).toEqual({
        route,
        status,
        body: 'ok',
      });
      const documented = operation(method, path)?.responses?.[String(status)];
      expect({ route, status, documented: Boolean(documented) }).toEqual({ route, status, documented: true });
      if (documented.$ref) {
        RESPONSES.error.parse(response.body);
        return;
      }
      const [type, media] = Object.entries(documented.content as Json)[0] as [string, Json];
      if (type === 'text/plain') {
        expect(typeof response.text).toBe('string');
        return;
      }
      const name = (media.schema.$ref as string)
        .split('/')
        .pop()!
        .replace(/Answer$/, '');
      const key = (name[0].toLowerCase() + name.slice(1)) as ResponseName;
      const parsed = RESPONSES[key].safeParse(response.body);
      expect({ route, issues: parsed.success ? [] : parsed.error.issues.slice(0, 5) }).toEqual({ route, issues: [] });
    }

    it('public, auth and account routes', async () => {
      const { api, admin } = world;
      expectDocumented('GET /api/health', await api.get('/api/health'), 200);
      expectDocumented('GET /metrics', await api.get('/metrics'), 200);
      expectDocumented(
        'POST /api/auth/login',
        await api.post('/api/auth/login', { username: ACCOUNTS.auditor.username, password: PASSWORD }),
        200,
      );
      expectDocumented('POST /api/auth/login', await api.post('/api/auth/login', { username: 'nobody', password: 'wrong-password' }), 401);
      expectDocumented('POST /api/auth/login', await api.post('/api/auth/login', { username: 'admin' }), 400);
      expectDocumented('GET /api/auth/me', await api.get('/api/auth/me', admin), 200);
      expectDocumented('GET /api/auth/me', await api.get('/api/auth/me'), 401);
      expectDocumented('GET /api/accounts', await api.get('/api/accounts', admin), 200);
      expectDocumented('GET /api/accounts', await api.get('/api/accounts', world.tokens.auditor), 403);

      const username = world.fresh('wall');
      const created = await api.post('/api/accounts', { username, displayName: '会议室大屏', role: 'screen', password: PASSWORD }, admin);
      expectDocumented('POST /api/accounts', created, 201);
      expectDocumented(
        'POST /api/accounts/{username}/screen-token',
        await api.post(`/api/accounts/${username}/screen-token`, undefined, admin),
        201,
      );
      expectDocumented(
        'POST /api/accounts/{username}/password',
        await api.post(`/api/accounts/${username}/password`, { password: 'a-new-password' }, admin),
        201,
      );
      expectDocumented(
        'POST /api/accounts/{username}/scopes',
        await api.post(`/api/accounts/${username}/scopes`, { grant: { regions: [REGION_A] } }, admin),
        201,
      );
      expectDocumented(
        'POST /api/accounts/{username}/role',
        await api.post(`/api/accounts/${username}/role`, { role: 'auditor' }, admin),
        201,
      );
      expectDocumented('POST /api/accounts/{username}/role', await api.post('/api/accounts/nobody/role', { role: 'auditor' }, admin), 404);
      expectDocumented(
        'POST /api/accounts/{username}/disable',
        await api.post(`/api/accounts/${username}/disable`, { reason: '设备报废' }, admin),
        201,
      );
      expectDocumented(
        'POST /api/accounts/{username}/screen-token',
        await api.post(`/api/accounts/${username}/screen-token`, undefined, admin),
        422,
      );
      const logout = await api.post('/api/auth/logout', undefined, await api.login(ACCOUNTS.auditor.username, PASSWORD));
      expectDocumented('POST /api/auth/logout', logout, 200);
    });

    it('commands, the board and the audit log', async () => {
      const { api, admin } = world;
      const id = world.fresh('p');
      expectDocumented('POST /api/projects', await api.post('/api/projects', projectBody(id), admin), 201);
      expectDocumented('POST /api/projects', await api.post('/api/projects', projectBody(id), world.tokens.screen), 403);
      expectDocumented('POST /api/projects', await api.post('/api/projects', { ...projectBody(undefined), stage: 'built' }, admin), 400);
      expectDocumented(
        'POST /api/projects',
        await api.request('POST', '/api/projects', undefined, { token: admin, raw: `"${'x'.repeat(1.1 * 2 ** 20)}"` }),
        413,
      );
      expectDocumented(
        'PATCH /api/projects/{id}',
        await api.request('PATCH', `/api/projects/${id}`, { name: '改名', expectedRevision: 7 }, { token: admin }),
        409,
      );
      expectDocumented(
        'POST /api/projects/{id}/stage',
        await api.post(`/api/projects/${id}/stage`, { stage: 'negotiating', on: '2025-04-01' }, admin),
        422,
      );
      expectDocumented(
        'POST /api/projects/{id}/progress',
        await api.post('/api/projects/nope/progress', { month: '2025-04', investment: 10, progress: 5 }, admin),
        404,
      );
      const month = chinaDay(Date.now()).slice(0, 7);
      expectDocumented(
        'POST /api/projects/{id}/progress',
        await api.post(`/api/projects/${id}/progress`, { month, investment: 10, progress: 5 }, admin),
        201,
      );
      const problem = await api.post('/api/problems', problemBody({ projectId: id }), admin);
      expectDocumented('POST /api/problems', problem, 201);
      expectDocumented(
        'POST /api/problems/{id}/assign',
        await api.post(`/api/problems/${problem.body.id}/assign`, { unit: '市自然资源局' }, admin),
        201,
      );

      expectDocumented('GET /api/projects/{id}', await api.get(`/api/projects/${id}`, admin), 200);
      expectDocumented('GET /api/projects/{id}', await api.get('/api/projects/nope', admin), 404);
      expectDocumented('GET /api/projects/{id}/history', await api.get(`/api/projects/${id}/history`, admin), 200);
      expectDocumented('GET /api/board', await api.get('/api/board', world.tokens.screen), 200);
      expectDocumented(
        'GET /api/board',
        await api.get(`/api/board?year=2025&region=${REGION_A}&taskForce=${TF_A}&at=${Date.now()}`, admin),
        200,
      );
      expectDocumented('GET /api/board', await api.get('/api/board'), 401);
      expectDocumented('GET /api/map', await api.get('/api/map', admin), 200);
      expectDocumented('GET /api/events', await api.get('/api/events?limit=2', world.tokens.auditor), 200);
      expectDocumented('GET /api/audit/verify', await api.get('/api/audit/verify', world.tokens.auditor), 200);
    });

    it('accepts the documented query parameters up to their bounds, and refuses them beyond', async () => {
      const { api, admin } = world;
      for (const { name, schema } of [
        ...operation('GET', '/api/board').parameters,
        ...operation('GET', '/api/events').parameters,
      ] as Json[]) {
        if (schema.type !== 'integer') continue;
        const path = name === 'year' ? '/api/board' : '/api/events';
        const route = `GET ${path}`;
        for (const inside of [schema.minimum, schema.maximum])
          expectDocumented(route, await api.get(`${path}?${name}=${inside}`, admin), 200);
        for (const outside of [schema.minimum - 1, schema.maximum + 1])
          expectDocumented(route, await api.get(`${path}?${name}=${outside}`, admin), 400);
      }
      const after = operation('GET', '/api/events').parameters.find((p: Json) => p.name === 'after');
      expect(new RegExp(after.schema.pattern).test('12a')).toBe(false);
      expectDocumented('GET /api/events', await api.get('/api/events?after=12a', admin), 400);
      expectDocumented('GET /api/board', await api.get('/api/board?at=2026-03-31T16:00:00Z', admin), 200);
      expectDocumented('GET /api/board', await api.get('/api/board?at=yesterday', admin), 400);
    });
  });

  /** The component a `$ref` names. */
  function schemaOf(ref: Json): Json {
    return document.components.schemas[(ref.$ref as string).split('/').pop()!];
  }
});

/** Runs the redocly CLI on the document (written to a temp file) with the repository's redocly.yaml. */
async function redoclyLint(document: Json): Promise<LintProblem[]> {
  const dir = mkdtempSync(join(tmpdir(), 'battlemap-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const { stdout } = await promisify(execFile)(REDOCLY, ['lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format=json'], {
      cwd: ROOT,
      maxBuffer: 16 * 2 ** 20,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' })); // exits 1 when it finds errors
    return (JSON.parse(stdout) as { problems: LintProblem[] }).problems;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
