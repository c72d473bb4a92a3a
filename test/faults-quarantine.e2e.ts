import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expectError } from './support/http-client';
import { ADMIN_PASSWORD, World, adminSession, projectBody, registerProject, startWorld } from './support/fixtures';
import { startServer } from './support/server';

/**
 * Fault: events that cannot be read or folded. One row's data is made invalid JSON and another's
 * valid JSON that fails its schema, in the real SQLite file while the server is down. The server must
 * start, serve, set both aside (never retrying them), say `degraded` naming them, and keep everything else.
 */
describe('fault: an unreadable or invalid event is quarantined', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world?.stop());

  it('starts, serves, skips the bad events in every projection, and names them in health', async () => {
    const { api } = world;
    await registerProject(world, undefined, undefined, { id: 'p-good' });
    const broken = await api.must(
      'POST',
      '/api/projects',
      projectBody('p-broken', undefined, undefined, { stageOn: '2025-03-10' }),
      world.admin,
    );
    const invalid = await api.must(
      'POST',
      '/api/projects',
      projectBody('p-invalid', undefined, undefined, { stageOn: '2025-03-10' }),
      world.admin,
    );
    // The same command retried later must still get its first answer: the idempotency index survives.
    const keyed = await api.post('/api/projects', projectBody('p-keyed'), world.admin, { 'Idempotency-Key': 'quarantine-keyed' });
    expect(keyed.status).toBe(201);

    await world.server.stop();
    const db = new Database(join(world.dataDir, 'events.db'));
    try {
      db.prepare("UPDATE events SET data = '{broken' WHERE stream = ? AND revision = ?").run(broken.stream, broken.revision);
      db.prepare("UPDATE events SET data = json_set(data, '$.totalInvestment', 'lots') WHERE stream = ? AND revision = ?").run(
        invalid.stream,
        invalid.revision,
      );
    } finally {
      db.close();
    }

    // A start from a board snapshot does not read the events the snapshot covers again (verify finds
    // edits there): this start reads the whole log, as a first start on a copied store would.
    world.server = await startServer({ dataDir: world.dataDir, env: { ADMIN_PASSWORD, BOARD_SNAPSHOTS: 'off' }, startTimeoutMs: 30_000 });
    const session = await adminSession(world.server.url, ADMIN_PASSWORD);
    world.api = session.api;
    world.admin = session.admin;

    const health = await world.api.get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', store: 'sqlite', lag: 0, message: expect.stringContaining('隔离') });
    expect(health.body.quarantined).toEqual([
      {
        stream: broken.stream,
        revision: broken.revision,
        position: broken.position,
        type: 'ProjectRegistered',
        reason: expect.stringMatching(/not valid JSON/),
      },
      {
        stream: invalid.stream,
        revision: invalid.revision,
        position: invalid.position,
        type: 'ProjectRegistered',
        reason: expect.stringMatching(/schema/),
      },
    ]);

    // The board holds everything else, and none of the bad ones.
    const board = await world.api.get('/api/board?year=2025', world.admin);
    const ids = (board.body.projects as { id: string }[]).map((p) => p.id).sort();
    expect(ids).toEqual(['p-good', 'p-keyed']);

    // An admin sees the list; a screen may not.
    const listed = await world.api.get('/api/admin/quarantine', world.admin);
    expect(listed.status).toBe(200);
    expect(listed.body.quarantined).toEqual(health.body.quarantined);
    const screenToken =
      (await world.api.must(
        'POST',
        '/api/accounts',
        { username: 'screen-q', displayName: '大屏', role: 'screen', password: 'screen-q-password' },
        world.admin,
      ),
      await world.api.login('screen-q', 'screen-q-password'));
    expectError(await world.api.get('/api/admin/quarantine', screenToken), 403);

    // It serves: new commands go through and reach the board; the retried key gets its first answer.
    await registerProject({ ...session, fresh: () => 'p-after' }, undefined, undefined, { id: 'p-after' });
    await world.api.eventually(async () => {
      const after = await world.api.get('/api/board?year=2025', world.admin);
      return (after.body.projects as { id: string }[]).some((p) => p.id === 'p-after') ? true : undefined;
    });
    const retried = await world.api.post('/api/projects', projectBody('p-keyed'), world.admin, { 'Idempotency-Key': 'quarantine-keyed' });
    expect(retried.body).toEqual(keyed.body);

    // Nothing was rewritten: verify still names the unreadable row as altered.
    const verify = await world.api.get('/api/audit/verify', world.admin);
    expect(verify.body.ok).toBe(false);
    expect(verify.body.breaks).toEqual(
      expect.arrayContaining([expect.objectContaining({ stream: broken.stream, revision: broken.revision, kind: 'altered' })]),
    );
    // Set aside once: the log does not show the subscription failing on it over and over.
    expect(world.server.output()).not.toMatch(/resubscribing/);
  }, 120_000);
});
