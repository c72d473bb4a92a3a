import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { BoardClient, sleep } from './support/board-client';
import { expectError } from './support/http-client';
import { World, registerProject, startWorld } from './support/fixtures';
import { LEDGER_HEADERS, ledgerRows, upload, xlsx } from './support/ledger-files';
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

/**
 * Fault: the store cannot be reached around a ledger import. Before anything is written: the plain 503
 * (nothing recorded). While the import writes (some units already committed): a 503 said as what it
 * means for an import (part may be in; the same file again completes it). Once the store is back, the
 * same file imports every row exactly once.
 */
describe('fault: the store is unreachable during a ledger import', () => {
  const root = tempDataDir();
  const dataDir = join(root.dir, 'data');
  let world: World | undefined;
  let screen: BoardClient | undefined;

  afterAll(async () => {
    screen?.close();
    await world?.stop();
    root.remove();
  });

  it('answers 503 before and during the write, and the same file imported again writes every row once', async () => {
    world = await startWorld({ dataDir });
    const { api, admin } = world;
    // Enough rows that writing them takes several of a unit's one-second transactions.
    const ROWS = 20_000;
    const ledger = await xlsx(LEDGER_HEADERS, ledgerRows(ROWS, '断库项目'));
    const importLedger = () => upload(world!.server.url, '/api/imports/projects', ledger, '台账.xlsx', admin);
    const names = async () => {
      const board = await api.get('/api/board?year=2025', admin);
      expect(board.status).toBe(200);
      return (board.body.projects as { name: string }[]).map((p) => p.name).filter((n) => n.startsWith('断库项目'));
    };

    // Gone before the import: refused with nothing written.
    renameSync(dataDir, `${dataDir}-gone`);
    const before = await importLedger();
    expect([before.status, before.body.error]).toEqual([503, 'store_unavailable']);
    expect(before.body.message).toMatch(/事件存储暂时无法访问，这次操作没有记录/);
    renameSync(`${dataDir}-gone`, dataDir);
    expect(await names()).toEqual([]);

    // Gone while it writes: the moment a screen sees its first project, the directory goes away.
    screen = await BoardClient.connect(world.server.url, { token: world.tokens.screen });
    await screen.subscribe();
    const seen = screen.events.length;
    const during = importLedger();
    await screen.waitFor(() => screen!.events.length > seen, 60_000, 'the first rows of the import');
    renameSync(dataDir, `${dataDir}-gone`);
    const refused = await during;
    expect([refused.status, refused.body.error]).toEqual([503, 'store_unavailable']);
    expect(refused.body.message).toMatch(/导入途中事件存储暂时无法访问.*一部分行可能已经写入.*请稍后重新导入同一个文件即可补齐/);

    renameSync(`${dataDir}-gone`, dataDir);
    // Part of it is in (the units committed before the directory went), and none of it twice.
    // Read once the board has folded everything the store holds (the live projection catches up on the
    // units committed while its reads failed): a board behind the store would undercount what is in.
    // (Health's lag is the store's head less the board's position; the whole-log read is rate-limited.)
    const caughtUp = async () => {
      const health = await api.get('/api/health');
      return health.body.status === 'ok' && health.body.lag === 0 ? true : undefined;
    };
    await api.eventually(() => caughtUp().catch(() => undefined), 30_000, 500);
    const partly = await names();
    expect(new Set(partly).size).toBe(partly.length);
    expect(partly.length).toBeGreaterThan(0);
    expect(partly.length).toBeLessThan(ROWS);
    const again = await api.eventually(async () => {
      const answer = await importLedger();
      return answer.status === 201 ? answer : undefined;
    }, 30_000);
    expect(again.body).toMatchObject({ rows: ROWS, amended: 0, errors: [], written: true });
    expect(again.body.created).toBe(ROWS - partly.length);
    const all = await names();
    expect(all.length).toBe(ROWS);
    expect(new Set(all).size).toBe(ROWS);
  }, 180_000);
});
