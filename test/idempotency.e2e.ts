import { Api, ApiResponse } from './support/http-client';
import {
  ACCOUNTS,
  ADMIN_PASSWORD,
  PASSWORD,
  TF_A,
  World,
  inspectionBody,
  problemBody,
  projectBody,
  registerProject,
  startWorld,
} from './support/fixtures';
import { startServer, tempDataDir } from './support/server';

/**
 * An Idempotency-Key makes a retried command return the first answer and append nothing, hours later
 * or after a restart: keys live in event metadata, not in the process's memory.
 */
describe('Idempotency-Key', () => {
  const data = tempDataDir();
  let world: World;
  let supervisor: string;
  let admin: string;

  interface Sent {
    name: string;
    send: (api: Api, tokens: { admin: string; supervisor: string }) => Promise<ApiResponse>;
    first?: ApiResponse;
  }
  const sent: Sent[] = [];

  beforeAll(async () => {
    world = await startWorld({ dataDir: data.dir });
    admin = world.admin;
    supervisor = world.tokens.supTaskForce!;
  });
  afterAll(async () => {
    await world?.server.stop();
    data.remove();
  });

  /** The head once nothing more lands (an inspection's problems are opened by a reactor, just after its answer). */
  async function settledHead(): Promise<string | null> {
    let last = await world.api.position();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const now = await world.api.position();
      if (now === last) return now;
      last = now;
    }
  }

  /** Sends once, then again at once: the retry must be the same answer and append nothing. */
  async function sendTwice(item: Sent): Promise<ApiResponse> {
    const tokens = { admin, supervisor };
    item.first = await item.send(world.api, tokens);
    expect({ name: item.name, status: item.first.status }).toEqual({ name: item.name, status: 201 });
    const head = await settledHead();
    const retry = await item.send(world.api, tokens);
    expect({ name: item.name, status: retry.status, body: retry.body }).toEqual({ name: item.name, status: 201, body: item.first.body });
    expect(await world.api.position()).toBe(head);
    sent.push(item);
    return item.first;
  }

  it('a retried registration without an id gets the same id, stream, revision and position', async () => {
    const first = await sendTwice({
      name: 'register',
      send: (api, t) => api.post('/api/projects', projectBody(undefined), t.supervisor, { 'idempotency-key': 'register-7f3a' }),
    });
    expect(first.body.id).toMatch(/^p[0-9a-f]{12}$/);
    const projects = (await world.api.get('/api/events?type=ProjectRegistered&limit=1000', admin)).body.events;
    expect(projects.filter((e: { stream: string }) => e.stream === first.body.stream)).toHaveLength(1);
  });

  it('a retried state change returns the first answer even when the state has moved on (no 422 stage_backwards)', async () => {
    const id = await registerProject(world);
    await sendTwice({
      name: 'stage',
      send: (api, t) =>
        api.post(`/api/projects/${id}/stage`, { stage: 'started', on: '2025-04-01' }, t.supervisor, { 'idempotency-key': `stage-${id}` }),
    });
    await sendTwice({
      name: 'progress',
      send: (api, t) =>
        api.post(`/api/projects/${id}/progress`, { month: '2025-05', investment: 700, progress: 15 }, t.supervisor, {
          'idempotency-key': `progress-${id}`,
        }),
    });
  });

  it('covers the red flag, an inspection with its problems, a problem, and an account', async () => {
    await sendTwice({
      name: 'red flag',
      send: (api, t) => api.post(`/api/taskforces/${TF_A}/red-flag`, { month: '2025-02' }, t.admin, { 'idempotency-key': 'flag-2025-02' }),
    });
    const projectId = await registerProject(world);
    const inspection = await sendTwice({
      name: 'inspection',
      send: (api, t) =>
        api.post(
          '/api/inspections',
          inspectionBody(projectId, {
            problems: [{ category: 'energy', description: '用电负荷不足', deadline: '2025-09-30', severity: 'normal' }],
          }),
          t.supervisor,
          {
            'idempotency-key': 'inspection-2025-05-02',
          },
        ),
    });
    await sendTwice({
      name: 'problem',
      send: (api, t) => api.post('/api/problems', problemBody({ projectId }), t.supervisor, { 'idempotency-key': 'problem-land-1' }),
    });
    await sendTwice({
      name: 'account',
      send: (api, t) =>
        api.post('/api/accounts', { username: 'late-hire', displayName: '新同事', role: 'auditor', password: PASSWORD }, t.admin, {
          'idempotency-key': 'hire-late',
        }),
    });
    // The inspection's one problem was opened once, not once per request.
    await world.api.eventually(async () => {
      const page = await world.api.get(`/api/events?type=ProblemRaised&stream=problem-${inspection.body.id}-q1`, admin);
      return page.body.events.length === 1 ? true : undefined;
    });
  });

  it('the same key with another body or on another route is a 422, appends nothing, and never overwrites a password', async () => {
    const head = await world.api.position();
    const otherBody = await world.api.post(
      '/api/accounts',
      { username: 'late-hire', displayName: '冒名', role: 'admin', password: 'other-password' },
      admin,
      { 'idempotency-key': 'hire-late' },
    );
    expect({ status: otherBody.status, error: otherBody.body.error }).toEqual({ status: 422, error: 'idempotency_key_reused' });
    expect(otherBody.body.message).toContain('Idempotency-Key');
    const register = sent.find((s) => s.name === 'register')!;
    const otherRoute = await world.api.post(
      `/api/projects/${register.first!.body.id}/stalled`,
      { reason: '资金未到位', on: '2025-06-01' },
      supervisor,
      { 'idempotency-key': 'register-7f3a' },
    );
    expect({ status: otherRoute.status, error: otherRoute.body.error }).toEqual({ status: 422, error: 'idempotency_key_reused' });
    expect(await world.api.position()).toBe(head);
    expect(await world.api.login('late-hire', PASSWORD)).toEqual(expect.any(String));
    expect((await world.api.post('/api/auth/login', { username: 'late-hire', password: 'other-password' })).status).toBe(401);
    const accounts = (await world.api.get('/api/accounts', admin)).body.accounts;
    expect(accounts.find((a: { username: string }) => a.username === 'late-hire').role).toBe('auditor');
    // The very same request again still gets its first answer.
    const same = await register.send(world.api, { admin, supervisor });
    expect(same.body).toEqual(register.first!.body);
  });

  it('the key belongs to its caller: the same key from someone else is a new command', async () => {
    const key = { 'idempotency-key': 'register-7f3a' };
    const mine = sent.find((s) => s.name === 'register')!.first!;
    const other = await world.api.post('/api/projects', projectBody(undefined), world.tokens.supRegion, key);
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(mine.body.id);
  });

  it('after a restart on the same data, every retry returns the first answer and appends nothing', async () => {
    await world.server.stop();
    world.server = await startServer({ dataDir: data.dir, env: { ADMIN_PASSWORD } });
    world.api = new Api(world.server.url);
    // The tokens from before the restart still work: their hashes are in the store, not in the process.
    const tokens = { admin, supervisor };
    expect((await world.api.get('/api/auth/me', supervisor)).body).toMatchObject({ username: ACCOUNTS.supTaskForce.username });
    // Measured after the start: the server may record facts of its own as it starts (lights, deadlines).
    const head = await world.api.position();

    expect(sent.map((s) => s.name)).toEqual(['register', 'stage', 'progress', 'red flag', 'inspection', 'problem', 'account']);
    for (const item of sent) {
      const retry = await item.send(world.api, tokens);
      expect({ name: item.name, status: retry.status, body: retry.body }).toEqual({ name: item.name, status: 201, body: item.first!.body });
    }
    // Give the inspection reactor its catch-up time too: it must not open anything twice.
    await new Promise((r) => setTimeout(r, 300));
    expect(await world.api.position()).toBe(head);
  });
});
