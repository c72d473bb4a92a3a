import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_PASSWORD, REGION_A, REGION_B, TF_A, TF_B, adminSession, projectBody } from './support/fixtures';
import { Api, Json } from './support/http-client';
import { RunningServer, runToExit, startServer, tempDataDir } from './support/server';

const EVERY = '20';
/** This test asks for dozens of replays a minute as one account: lift that budget (tested in security-limits). */
const MANY_REPLAYS = { RATE_LIMIT_EXPENSIVE: '100000' };
/** The live view names the instant it was asked at; everything else must match. */
const withoutInstant = (view: Json) => ({ ...view, asOf: undefined });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Board snapshots kept beside the store: a server restarted on a store with snapshots starts from the
 * newest one (and says so), and every replay answers exactly as one folded from the whole log does,
 * whether the snapshot file is there or was deleted between two starts.
 */
describe('board snapshots beside the store', () => {
  const data = tempDataDir();
  const snapshotFile = join(data.dir, 'events.db.snapshots.db');
  let server: RunningServer;
  let api: Api;
  let admin: string;
  const moments: number[] = [];
  const start = async () => {
    server = await startServer({ dataDir: data.dir, env: { ADMIN_PASSWORD, BOARD_SNAPSHOT_EVERY: EVERY, ...MANY_REPLAYS } });
    ({ api, admin } = await adminSession(server.url, ADMIN_PASSWORD));
  };
  const board = async (query: string): Promise<Json> => {
    const response = await api.request('GET', `/api/board?${query}`, undefined, { token: admin });
    expect(response.status).toBe(200);
    return response.body;
  };
  /**
   * The server writes by itself too (a login records its token's hash; the light watcher records lights at
   * start): every answer compared across restarts is asked as of `frozen`, a recorded moment before them.
   */
  let frozen = 0;
  const replays = async () => {
    const answers: Json[] = [];
    for (const at of moments) answers.push(await board(`year=2025&at=${at}`));
    for (const on of ['2025-02-15', '2025-04-10', '2025-06-30']) answers.push(await board(`year=2025&on=${on}&at=${frozen}`));
    answers.push(await board(`year=2025&on=2025-04-10&at=${moments[3]}`));
    answers.push(withoutInstant(await board(`year=2025&at=${frozen}`)));
    return answers;
  };

  beforeAll(async () => {
    await start();
    await api.must('POST', '/api/regions', { id: REGION_A, name: '利州区', kind: 'county' }, admin);
    await api.must('POST', '/api/regions', { id: REGION_B, name: '昭化区', kind: 'county' }, admin);
    const taskForce = (id: string, name: string) => ({ id, name, industry: name, chiefId: `chief-${id}`, leadUnit: '市经信局' });
    await api.must('POST', '/api/taskforces', taskForce(TF_A, '铝基新材料产业专班'), admin);
    await api.must('POST', '/api/taskforces', taskForce(TF_B, '清洁能源产业专班'), admin);
    // 24 projects, each registered, moved on and reported: about 100 events, a snapshot every 20.
    for (let i = 1; i <= 24; i++) {
      const id = `p${i}`;
      const [tf, region] = i % 2 ? [TF_A, REGION_A] : [TF_B, REGION_B];
      await api.must('POST', '/api/projects', projectBody(id, tf, region, { stage: 'negotiating', stageOn: '2025-01-10' }), admin);
      await api.must('POST', `/api/projects/${id}/stage`, { stage: 'signed', on: `2025-0${1 + (i % 6)}-12` }, admin);
      await api.must('POST', `/api/projects/${id}/progress`, { month: '2025-03', investment: 100 * i, progress: i }, admin);
      await api.must('POST', `/api/projects/${id}/stage`, { stage: 'started', on: '2025-06-20' }, admin);
      if (i % 3 === 0) {
        await pause(5);
        moments.push(Date.now());
        await pause(5);
      }
    }
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    data.remove();
  });

  it('answers every replay identically from the snapshots and from the whole log, and restarts from the newest snapshot', async () => {
    await pause(5);
    frozen = Date.now();
    await pause(5);
    const head = await api.position();
    expect(Number(head)).toBeGreaterThan(100);
    // The first start folded everything and took snapshots as it went.
    expect(existsSync(snapshotFile)).toBe(true);
    const withSnapshots = await replays();

    // Restarted on the same store: from the newest snapshot, not from the first event.
    await server.stop();
    await start();
    const started = /board: started from the snapshot at position (\d+) and (\d+) events after it/.exec(server.output());
    expect(started).not.toBeNull();
    // A clean shutdown took a snapshot at the head: nothing is left to fold after it.
    expect(Number(started![1])).toBeGreaterThanOrEqual(Number(head));
    expect(started![2]).toBe('0');
    expect(Number(await api.position())).toBeGreaterThanOrEqual(Number(head));
    expect(await replays()).toEqual(withSnapshots);

    // The snapshot file deleted between two starts: the board folds the whole log, and answers the same.
    await server.stop();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${snapshotFile}${suffix}`, { force: true });
    await start();
    expect(server.output()).toMatch(/board: started from the whole log \(\d+ events\)/);
    expect(await replays()).toEqual(withSnapshots);

    // And with snapshots switched off altogether.
    await server.stop();
    server = await startServer({ dataDir: data.dir, env: { ADMIN_PASSWORD, BOARD_SNAPSHOTS: 'off', ...MANY_REPLAYS } });
    ({ api, admin } = await adminSession(server.url, ADMIN_PASSWORD));
    expect(server.output()).toMatch(/board: started from the whole log/);
    expect(await replays()).toEqual(withSnapshots);
  }, 180_000);

  it('refuses to start with one line when BOARD_SNAPSHOT_EVERY is not a whole number of events', async () => {
    const other = tempDataDir();
    const { code, output } = await runToExit({ EVENTSTORE_URL: `sqlite:${join(other.dir, 'events.db')}`, BOARD_SNAPSHOT_EVERY: '0' });
    other.remove();
    expect(code).toBe(1);
    expect(output.trim()).toBe('battlemap: cannot start: BOARD_SNAPSHOT_EVERY must be a whole number of events ≥ 1, got "0"');
  });
});
