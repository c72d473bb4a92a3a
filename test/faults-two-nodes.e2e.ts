import { BoardClient } from './support/board-client';
import { expectError } from './support/http-client';
import { ADMIN_PASSWORD, World, adminSession, registerProject, startWorld } from './support/fixtures';
import { RunningServer, startServer, tempDataDir } from './support/server';

/**
 * Two server processes on one embedded store act as one service: the SQLite adapter sees the other
 * process's commits (it polls, besides waking on its own appends), and expected revisions hold across
 * both, because each append checks the revision inside one BEGIN IMMEDIATE transaction on the shared file.
 */
describe('fault tolerance: two server processes on one SQLite file', () => {
  const data = tempDataDir();
  let a: World;
  let b: RunningServer;
  let screenOnB: BoardClient | undefined;

  beforeAll(async () => {
    a = await startWorld({ dataDir: data.dir });
    b = await startServer({ dataDir: data.dir, env: { ADMIN_PASSWORD } });
  });
  afterAll(async () => {
    screenOnB?.close();
    await b?.stop();
    await a?.server.stop();
    data.remove();
  });

  it('a command on A shows on B’s board and B’s socket within about a second, and B refuses a stale revision A made', async () => {
    const onB = await adminSession(b.url, ADMIN_PASSWORD);
    screenOnB = await BoardClient.connect(b.url, { token: onB.admin });
    await screenOnB.subscribe();

    const projectId = await registerProject(a);
    const sentAt = Date.now();
    const answer = await a.api.must(
      'POST',
      `/api/projects/${projectId}/progress`,
      { month: '2025-06', investment: 10, progress: 10, expectedRevision: 0 },
      a.admin,
    );
    await screenOnB.received(answer.position, 5_000);
    const seenAfterMs = Date.now() - sentAt;
    const boardOnB = await onB.api.get('/api/board?year=2025', onB.admin);
    expect(boardOnB.body.projects.find((p: { id: string }) => p.id === projectId)).toMatchObject({ progress: 10 });
    expect(seenAfterMs).toBeLessThan(2_000);

    // B writes on top of A's revision; A, still holding revision 0, is refused: no lost update across processes.
    await onB.api.must(
      'POST',
      `/api/projects/${projectId}/progress`,
      { month: '2025-06', investment: 20, progress: 20, expectedRevision: 1 },
      onB.admin,
    );
    const stale = await a.api.post(
      `/api/projects/${projectId}/progress`,
      { month: '2025-06', investment: 30, progress: 30, expectedRevision: 1 },
      a.admin,
    );
    expectError(stale, 409);
    expect(stale.body).toMatchObject({ expectedRevision: 1, actualRevision: 2 });

    // Concurrent writers on one stream, half on each node: each revision is taken once, none lost.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? onB : a).api.post(
          `/api/projects/${projectId}/progress`,
          { month: '2025-06', investment: 100 + i, progress: 40 },
          (i % 2 ? onB : a).admin,
        ),
      ),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 201 && s !== 409)).toEqual([]);
    const accepted = results.filter((r) => r.status === 201).map((r) => r.body.revision as number);
    expect(new Set(accepted).size).toBe(accepted.length);
    const history = await onB.api.get(`/api/projects/${projectId}/history`, onB.admin);
    expect(history.body.events.map((e: { revision: number }) => e.revision)).toEqual(history.body.events.map((_: unknown, i: number) => i));
    expect(history.body.events).toHaveLength(3 + accepted.length);
    console.log(
      `faults-two-nodes: A's command reached B's socket after ${seenAfterMs} ms; ${accepted.length} of 20 concurrent writes accepted, the rest 409`,
    );
  }, 60_000);
});
