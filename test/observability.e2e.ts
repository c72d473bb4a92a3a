import { BoardClient } from './support/board-client';
import { ADMIN_PASSWORD, PASSWORD, World, projectBody, registerProject, startWorld } from './support/fixtures';

/** One sample of a metric from the Prometheus text, by name and labels (all given labels must match). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

/** JSON log lines (pino) from the server's output; the plain start lines are skipped. */
function logLines(output: string): Record<string, any>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, any>);
}

/** Observability: JSON logs with correlation ids and no secrets, Prometheus metrics, health. */
describe('observability', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world?.stop());

  it('logs each request as one JSON line with its correlation id, which is also the command’s correlationId', async () => {
    const { api, admin } = world;
    const answer = await api.post('/api/projects', projectBody('p-logged'), admin, { 'X-Request-Id': 'obs-request-1' });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-request-id')).toBe('obs-request-1');
    const history = await api.get('/api/projects/p-logged/history', admin);
    expect(history.body.events[0].meta.correlationId).toBe('obs-request-1');

    // Without one, the server makes one and answers it.
    const other = await api.get('/api/board', admin);
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const line = await api.eventually(async () =>
      logLines(world.server.output()).find((l) => l.correlationId === 'obs-request-1' && l.res),
    );
    expect(line).toMatchObject({ level: 30, req: { method: 'POST', url: '/api/projects' }, res: { statusCode: 201 } });
    expect(typeof line.responseTime).toBe('number');
    // Headers (where the bearer token travels) are not logged at all.
    expect(line.req.headers).toBeUndefined();
    expect(JSON.stringify(line)).not.toContain(admin);
  });

  it('never writes a secret to the log: passwords, tokens, a token in a query string', async () => {
    const { api } = world;
    await api.post('/api/auth/login', { username: 'admin', password: 'wrong-password-for-the-log' });
    await api.get(`/api/board?token=${world.tokens.screen}`);
    await api.get('/api/board', world.tokens.auditor);
    await new Promise((r) => setTimeout(r, 200));
    const output = world.server.output();
    for (const secret of [
      ADMIN_PASSWORD,
      PASSWORD,
      'wrong-password-for-the-log',
      world.admin,
      world.tokens.screen!,
      world.tokens.auditor!,
    ]) {
      expect({ secretFound: output.includes(secret) }).toEqual({ secretFound: false });
    }
    expect(logLines(output).some((l) => /token=\[redacted\]/.test(l.req?.url ?? ''))).toBe(true);
  });

  it('exposes commands by type and status, append latency, lag, sockets, pushes and quarantine at /metrics', async () => {
    const { api, admin } = world;
    const screen = await BoardClient.connect(world.server.url, { token: world.tokens.screen });
    try {
      await screen.subscribe();
      const before = (await api.get('/metrics')).text;
      const projectId = await registerProject(world);
      const pushed = await api.must('POST', `/api/projects/${projectId}/progress`, { month: '2025-06', investment: 1, progress: 1 }, admin);
      await screen.received(pushed.position);
      const stale = await api.post(
        `/api/projects/${projectId}/progress`,
        { month: '2025-06', investment: 2, progress: 2, expectedRevision: 0 },
        admin,
      );
      expect(stale.status).toBe(409);

      const metrics = await api.get('/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = metrics.text;
      const delta = (name: string, labels: Record<string, string> = {}) =>
        (sample(text, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
      expect(delta('battlemap_commands_total', { type: 'RegisterProject', status: '201' })).toBe(1);
      expect(delta('battlemap_commands_total', { type: 'ReportProgress', status: '201' })).toBe(1);
      expect(delta('battlemap_commands_total', { type: 'ReportProgress', status: '409' })).toBe(1);
      expect(delta('battlemap_append_duration_seconds_count')).toBe(2);
      expect(sample(text, 'battlemap_append_duration_seconds_bucket', { le: '+Inf' })).toBe(
        sample(text, 'battlemap_append_duration_seconds_count'),
      );
      expect(sample(text, 'battlemap_sockets_connected')).toBe(1);
      expect(delta('battlemap_events_pushed_total')).toBeGreaterThanOrEqual(2);
      expect(sample(text, 'battlemap_projection_lag')).toBe(0);
      expect(sample(text, 'battlemap_quarantined_events')).toBe(0);
      const health = await api.get('/api/health');
      expect(health.body).toEqual({ status: 'ok', store: 'sqlite', position: expect.stringMatching(/^\d+$/), lag: 0, quarantined: [] });
      expect(sample(text, 'battlemap_store_head_position')).toBe(Number(health.body.position));
      expect(sample(text, 'battlemap_board_position')).toBe(Number(health.body.position));
      expect(delta('battlemap_http_responses_total', { status: '201' })).toBeGreaterThanOrEqual(2);
      // Node's own process metrics come with it.
      for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds']) {
        expect({ name, present: sample(text, name) !== undefined }).toEqual({ name, present: true });
      }
    } finally {
      screen.close();
    }
    await api.eventually(async () => (sample((await api.get('/metrics')).text, 'battlemap_sockets_connected') === 0 ? true : undefined));
  });
});
