import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Api, expectError, expectFieldErrors } from './support/http-client';
import {
  ADMIN_PASSWORD,
  REGION_A,
  REGION_B,
  TF_A,
  TF_B,
  World,
  problemBody,
  projectBody,
  registerProject,
  startWorld,
} from './support/fixtures';
import { startServer } from './support/server';

/** The read side: board, audit log paging, project history, integrity check, health and metrics. */
describe('queries and the audit trail over HTTP', () => {
  let world: World;
  let admin: string;
  let positionBeforeP2: string;
  let timeBeforeP2: number;

  beforeAll(async () => {
    world = await startWorld();
    admin = world.admin;
    const { api } = world;
    // p1: negotiating → (signed) → started in 2025; p2: registered signed in 2025 (TF_B, REGION_B).
    await api.must(
      'POST',
      '/api/projects',
      projectBody('p1', TF_A, REGION_A, { stage: 'negotiating', stageOn: '2025-02-01', totalInvestment: 10_000 }),
      admin,
    );
    await api.must('POST', '/api/projects/p1/stage', { stage: 'started', on: '2025-04-01' }, admin);
    await api.must('POST', '/api/projects/p1/progress', { month: '2025-05', investment: 3_000, progress: 35 }, admin);
    positionBeforeP2 = (await api.position())!;
    await new Promise((r) => setTimeout(r, 20));
    timeBeforeP2 = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    await api.must('POST', '/api/projects', projectBody('p2', TF_B, REGION_B, { stageOn: '2025-03-10', totalInvestment: 50_000 }), admin);
    await api.must('POST', '/api/problems', problemBody({ id: 'q1', projectId: 'p2' }), admin);
    await api.must(
      'POST',
      '/api/indicators',
      { regionId: REGION_A, metric: 'fixed-asset-investment', year: 2025, target: 1_200_000, unit: '万元' },
      admin,
    );
    await api.must(
      'POST',
      `/api/indicators/${REGION_A}/fixed-asset-investment/2025/report`,
      { month: '2025-06', value: 660_000, yoy: 9.5 },
      admin,
    );
    await api.must('POST', `/api/taskforces/${TF_A}/red-flag`, { month: '2025-05' }, admin);
  });
  afterAll(() => world?.stop());

  /** The live board folds from a subscription: wait until it has seen the store's head. */
  async function settledBoard(query = '') {
    const head = await world.api.position();
    return world.api.eventually(async () => {
      const board = await world.api.get(`/api/board${query}`, admin);
      return board.status === 200 && board.body.position === head ? board : undefined;
    });
  }

  it('GET /api/board has the contract shape, with counters as flows within the year by business date', async () => {
    const board = await settledBoard('?year=2025');
    expect(board.body).toMatchObject({
      position: expect.stringMatching(/^\d+$/),
      asOf: expect.any(String),
      year: 2025,
      counters: { negotiated: 1, signed: 2, signedInvestment: 60_000, started: 1, startedInvestment: 10_000, completed: 0, revitalized: 0 },
      stages: { negotiating: 0, signed: 1, started: 1, completed: 0, operating: 0, stalled: 0 },
      problems: { open: 1, overdue: expect.any(Number), escalated: 0, closed: 0, closureRate: 0 },
    });
    expect(Number.isNaN(Date.parse(board.body.asOf))).toBe(false);
    const tfA = board.body.taskForces.find((t: { id: string }) => t.id === TF_A);
    expect(tfA).toEqual(
      expect.objectContaining({
        id: TF_A,
        name: '铝基新材料产业专班',
        points: expect.any(Number),
        rank: expect.any(Number),
        redFlag: expect.any(Boolean),
      }),
    );
    expect(board.body.indicators).toContainEqual(
      expect.objectContaining({
        regionId: REGION_A,
        metric: 'fixed-asset-investment',
        year: 2025,
        target: 1_200_000,
        value: 660_000,
        yoy: 9.5,
        scheduleRatio: expect.any(Number),
      }),
    );
    // (660000 / 1200000) / (6 / 12) = 1.1: on schedule.
    const indicator = board.body.indicators.find((i: { metric: string }) => i.metric === 'fixed-asset-investment');
    expect(indicator.scheduleRatio).toBeCloseTo(1.1, 5);
    const p1 = board.body.projects.find((p: { id: string }) => p.id === 'p1');
    expect(p1).toEqual(
      expect.objectContaining({
        id: 'p1',
        name: '重点项目 p1',
        stage: 'started',
        light: expect.stringMatching(/^(red|yellow|green)$/),
        progress: 35,
        regionId: REGION_A,
        taskForceId: TF_A,
        location: [105.84, 32.44],
        totalInvestment: 10_000,
        yearInvestment: 3_000,
      }),
    );
  });

  it('filters by region and task force, and replays what the board held at a past time (?at=)', async () => {
    const byRegion = await settledBoard(`?year=2025&region=${REGION_B}`);
    expect(byRegion.body.projects.map((p: { id: string }) => p.id)).toEqual(['p2']);
    const byTaskForce = await settledBoard(`?year=2025&taskForce=${TF_A}`);
    expect(byTaskForce.body.projects.map((p: { id: string }) => p.id)).toEqual(['p1']);

    const past = await world.api.get(`/api/board?year=2025&at=${timeBeforeP2}`, admin);
    expect(past.status).toBe(200);
    expect(past.body.position).toBe(positionBeforeP2);
    expect(past.body.asOf).toBe(new Date(timeBeforeP2).toISOString());
    expect(past.body.projects.map((p: { id: string }) => p.id)).toEqual(['p1']);
    expect(past.body.counters).toMatchObject({ signed: 1, signedInvestment: 10_000 });
    const iso = await world.api.get(`/api/board?year=2025&at=${encodeURIComponent(new Date(timeBeforeP2).toISOString())}`, admin);
    expect(iso.body.position).toBe(positionBeforeP2);
  });

  it('replays in business time (?on=) and in both times (?on=&at=): a stage move recorded today for an earlier day counts from that day', async () => {
    const id = await registerProject(world, TF_A, REGION_A, { stage: 'signed', stageOn: '2024-01-10', plannedStart: '2024-02' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const beforeMove = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await world.api.must('POST', `/api/projects/${id}/stage`, { stage: 'started', on: '2024-03-01' }, admin);
    const stageOn = async (query: string) => {
      const board = await world.api.get(`/api/board?year=2024&${query}`, admin);
      expect(board.status).toBe(200);
      return {
        stage: board.body.projects.find((p: { id: string }) => p.id === id)?.stage,
        counters: board.body.counters,
        asOf: board.body.asOf,
      };
    };
    const after = await stageOn('on=2024-03-02');
    expect(after.stage).toBe('started');
    expect(after.counters.started).toBeGreaterThanOrEqual(1);
    expect(after.asOf).toBe('2024-03-02T15:59:59.999Z');
    const before = await stageOn('on=2024-02-28');
    expect(before.stage).toBe('signed');
    expect(before.counters.started).toBe(after.counters.started - 1);
    expect((await stageOn('on=2024-01-09')).stage).toBeUndefined();
    // What was known, just before the move was recorded, about 2 March: still only signed.
    const knownThen = await stageOn(`on=2024-03-02&at=${beforeMove}`);
    expect(knownThen.stage).toBe('signed');
    expect(knownThen.asOf).toBe(new Date(beforeMove).toISOString());
    expectFieldErrors(await world.api.get('/api/board?on=2024-02-30', admin), [{ field: 'on', code: 'invalid_date' }]);
  });

  it('400 for a malformed year or time; a time beyond the calendar is 400, not 500', async () => {
    expectFieldErrors(await world.api.get('/api/board?year=20x5', admin), [{ field: 'year', code: 'invalid_year' }]);
    expectFieldErrors(await world.api.get('/api/board?at=yesterday', admin), [{ field: 'at', code: 'invalid_time' }]);
    expectFieldErrors(await world.api.get('/api/board?at=99999999999999999999', admin), [{ field: 'at', code: 'invalid_time' }]);
  });

  it('GET /api/events pages through the whole log in position order; `after` is exclusive; `next` is null at the end', async () => {
    const all = await world.api.get('/api/events?limit=1000', admin);
    expect(all.status).toBe(200);
    expect(all.body.next).toBeNull();
    const total = all.body.events.length;
    expect(total).toBeGreaterThan(15);

    const paged: { position: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const query: string = after ? `?limit=4&after=${after}` : '?limit=4';
      const page = await world.api.get(`/api/events${query}`, admin);
      expect(page.status).toBe(200);
      expect(page.body.events.length).toBeLessThanOrEqual(4);
      if (page.body.events.length === 4) expect(page.body.next).toBe(page.body.events[3].position);
      else expect(page.body.next).toBeNull();
      paged.push(...page.body.events);
      after = page.body.next;
      pages++;
    } while (after && pages < 100);
    expect(paged).toEqual(all.body.events);
    const positions = paged.map((e) => BigInt(e.position));
    for (let i = 1; i < positions.length; i++) expect(positions[i] > positions[i - 1]).toBe(true);

    const envelope = all.body.events.find((e: { type: string }) => e.type === 'ProjectRegistered');
    expect(envelope).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      stream: 'project-p1',
      revision: 0,
      position: expect.stringMatching(/^\d+$/),
      type: 'ProjectRegistered',
      data: expect.objectContaining({ projectId: 'p1' }),
      meta: expect.objectContaining({
        actor: { id: 'admin', name: '系统管理员', role: 'admin' },
        recordedAt: expect.any(Number),
        occurredOn: '2025-02-01',
        correlationId: expect.any(String),
        schema: expect.any(Number),
        prevHash: expect.any(String),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    });
  });

  it('GET /api/events filters by stream and by type, and refuses a malformed page (400)', async () => {
    const stream = await world.api.get('/api/events?stream=project-p1', admin);
    expect(stream.body.events.map((e: { type: string }) => e.type)).toEqual([
      'ProjectRegistered',
      'ProjectStageAdvanced',
      'ProjectStageAdvanced',
      'ProgressReported',
    ]);
    const typed = await world.api.get('/api/events?type=ProjectRegistered&limit=1', admin);
    expect(typed.body.events).toHaveLength(1);
    expect(typed.body.events[0].data.projectId).toBe('p1');
    const second = await world.api.get(`/api/events?type=ProjectRegistered&limit=1&after=${typed.body.next}`, admin);
    expect(second.body.events.map((e: { data: { projectId: string } }) => e.data.projectId)).toEqual(['p2']);
    expect((await world.api.get('/api/events?stream=project-nothing', admin)).body).toEqual({ events: [], next: null });
    expectFieldErrors(await world.api.get('/api/events?limit=0', admin), [{ field: 'limit', code: 'out_of_range' }]);
    expectFieldErrors(await world.api.get('/api/events?limit=1001', admin), [{ field: 'limit', code: 'out_of_range' }]);
    expectFieldErrors(await world.api.get('/api/events?after=-1', admin), [{ field: 'after', code: 'invalid_position' }]);
  });

  it('GET /api/projects/:id and /history: the project now, and its events in revision order', async () => {
    const project = await world.api.get('/api/projects/p1', admin);
    expect(project.status).toBe(200);
    expect(project.body).toMatchObject({ id: 'p1', stage: 'started', revision: 3, taskForceId: TF_A, regionId: REGION_A });
    const history = await world.api.get('/api/projects/p1/history', admin);
    expect(history.body.events.map((e: { revision: number }) => e.revision)).toEqual([0, 1, 2, 3]);
    expect(history.body.events.every((e: { stream: string }) => e.stream === 'project-p1')).toBe(true);
  });

  it('GET /api/projects/:id with an id named like an Object.prototype member is 404, not 500', async () => {
    for (const id of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expectError(await world.api.get(`/api/projects/${id}`, admin), 404, 'project_not_found');
      const board = await world.api.get(`/api/board?region=${id}`, admin);
      expect({ id, status: board.status }).toEqual({ id, status: 200 });
    }
  });

  it('GET /api/health (no token) and GET /metrics (Prometheus text, no token)', async () => {
    const health = await world.api.get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', store: 'sqlite', position: expect.stringMatching(/^\d+$/), lag: 0, quarantined: [] });
    const metrics = await world.api.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(new RegExp(`^battlemap_store_head_position ${health.body.position}$`, 'm'));
    expect(metrics.text).not.toContain(ADMIN_PASSWORD);
  });

  it('GET /api/map: the base map as GeoJSON', async () => {
    const map = await world.api.get('/api/map', admin);
    expect(map.status).toBe(200);
    expect(map.body.type).toBe('FeatureCollection');
    expect(map.body.features.length).toBeGreaterThan(0);
  });

  it('GET /api/audit/verify is ok on an untouched log, and finds an event altered behind the server’s back', async () => {
    const verify = await world.api.get('/api/audit/verify', admin);
    const total = (await world.api.get('/api/events?limit=1000', admin)).body.events.length;
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true, streams: expect.any(Number), breaks: [], unsigned: 0 });
    // Verification covers every event, the credential streams too (they are left out of the log people read).
    expect(verify.body.events).toBeGreaterThan(total);

    // Stop, alter one stored event with plain SQL (what a tamperer could do), restart on the same data.
    await world.server.stop();
    const db = new Database(join(world.dataDir, 'events.db'));
    const changed = db
      .prepare("UPDATE events SET data = json_set(data, '$.totalInvestment', 99999) WHERE stream = 'project-p2' AND revision = 0")
      .run();
    db.close();
    expect(changed.changes).toBe(1);
    world.server = await startServer({ dataDir: world.dataDir, env: { ADMIN_PASSWORD } });
    world.api = new Api(world.server.url);

    const after = await world.api.get('/api/audit/verify', await world.api.login('admin', ADMIN_PASSWORD));
    expect(after.status).toBe(200);
    expect(after.body.ok).toBe(false);
    expect(after.body.breaks).toContainEqual(
      expect.objectContaining({ stream: 'project-p2', revision: 0, kind: 'altered', reason: expect.stringContaining('altered') }),
    );
  });
});
