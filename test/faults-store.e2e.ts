import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { BoardClient, sleep } from './support/board-client';
import { expectError } from './support/http-client';
import { World, registerProject, startWorld } from './support/fixtures';
import { tempDataDir } from './support/server';
import { TICK_INTERVAL_MS } from '@battlemap/events';

const progress = (n: number) => ({ month: '2025-06', investment: 100 + n, progress: n });

/**
 * Fault: the store cannot be reached. The SQLite file's directory is moved away while the server runs
 * (SQLite would otherwise write on into a file nobody will find), then moved back. Commands answer
 * 503 store_unavailable in Chinese, health says unavailable, screens stop being told they are live,
 * and everything comes back by itself.
 */
describe('fault: the store is unreachable', () => {
  const root = tempDataDir();
  const dataDir = join(root.dir, 'data');
  let world: World | undefined;
  let screen: BoardClient | undefined;

  afterAll(async () => {
    screen?.close();
    await world?.stop();
    root.remove();
  });

  it('answers 503 while the data directory is gone, and recovers by itself when it is back', async () => {
    world = await startWorld({ dataDir });
    const { api, admin } = world;
    const projectId = await registerProject(world);
    const before = await api.must('POST', `/api/projects/${projectId}/progress`, progress(1), admin);
    screen = await BoardClient.connect(world.server.url, { token: world.tokens.screen });
    await screen.subscribe();

    renameSync(dataDir, `${dataDir}-gone`);
    const refused = await api.post(`/api/projects/${projectId}/progress`, progress(2), admin);
    expectError(refused, 503, 'store_unavailable');
    expect(refused.body.message).toMatch(/事件存储暂时无法访问/);
    const health = await api.get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unavailable', store: 'sqlite', message: expect.stringContaining('无法访问') });
    // The board stays readable from memory, at the last position it knew.
    const board = await api.get('/api/board?year=2025', admin);
    expect(board.status).toBe(200);
    expect(board.body.position).toBe(before.position);
    // No tick vouches for a board the server cannot check: the screen's freshness runs out (stale badge).
    const ticksBefore = screen.ticks.length;
    await sleep(2 * TICK_INTERVAL_MS + 500);
    expect(screen.ticks.length).toBe(ticksBefore);
    // The operator's log says why, as a JSON line at warn level.
    const warning = world.server
      .output()
      .split('\n')
      .find((line) => line.includes('no tick: the store cannot be reached'));
    expect(JSON.parse(warning!)).toMatchObject({ level: 40, context: 'BoardGateway' });

    renameSync(`${dataDir}-gone`, dataDir);
    const after = await api.eventually(async () => {
      const answer = await api.post(`/api/projects/${projectId}/progress`, progress(3), admin);
      return answer.status === 201 ? answer : undefined;
    }, 10_000);
    expect((await api.get('/api/health')).body.status).toBe('ok');
    // The screen gets the new event and its ticks again, with no gap and no duplicate.
    await screen.received(after.body.position, 15_000);
    await screen.waitFor(() => screen!.ticks.length > ticksBefore, 2 * TICK_INTERVAL_MS, 'a tick after recovery');
    expect(screen.orderViolations).toEqual([]);
    // The refused command left nothing behind.
    const history = await api.get(`/api/projects/${projectId}/history`, admin);
    expect(
      history.body.events
        .filter((e: { type: string }) => e.type === 'ProgressReported')
        .map((e: { data: { progress: number } }) => e.data.progress),
    ).toEqual([1, 3]);
  }, 90_000);
});
