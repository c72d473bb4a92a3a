import { startServer, tempDataDir } from './support/server';

const PASSWORD = 'demo-e2e-password';
const COUNTIES = ['cangxi', 'chaotian', 'jiange', 'lizhou', 'qingchuan', 'wangcang', 'zhaohua'];

interface Board {
  position: string | null;
  counters: Record<string, number>;
  problems: { open: number; overdue: number; escalated: number; closed: number; closureRate: number };
  indicators: { value: number }[];
  taskForces: { redFlag: boolean }[];
  projects: { regionId: string; light: 'red' | 'yellow' | 'green' }[];
}

async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function get<T>(url: string, token: string): Promise<T> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe('the Guangyuan demo', () => {
  it('loads a living board into an empty store on first start, once, and DEMO=live keeps it moving', async () => {
    const data = tempDataDir();
    let server = await startServer({ dataDir: data.dir, env: { DEMO: 'auto', ADMIN_PASSWORD: PASSWORD }, startTimeoutMs: 150_000 });
    try {
      const loaded = /demo: loaded (\d+) events in ([\d.]+) s/.exec(server.output());
      expect(loaded).not.toBeNull();
      console.log(loaded![0]);
      expect(Number(loaded![1])).toBeGreaterThanOrEqual(15_000);
      expect(server.output()).not.toMatch(/demo: rejected|commands rejected/);

      const token = await login(server.url);
      const board = await get<Board>(`${server.url}/api/board`, token);
      expect([...new Set(board.projects.map((p) => p.regionId))].sort()).toEqual(COUNTIES);
      expect(new Set(board.projects.map((p) => p.light))).toEqual(new Set(['red', 'yellow', 'green']));
      for (const flow of ['negotiated', 'signed', 'signedInvestment', 'started', 'startedInvestment', 'completed', 'revitalized']) {
        expect({ flow, value: board.counters[flow] > 0 }).toEqual({ flow, value: true });
      }
      expect(board.indicators.filter((i) => i.value > 0).length).toBeGreaterThan(0);
      expect(board.problems.overdue).toBeGreaterThan(0);
      expect(board.problems.escalated).toBeGreaterThan(0);
      expect(board.taskForces.some((t) => t.redFlag)).toBe(true);

      const verify = await get<{ ok: boolean; events: number; breaks: unknown[] }>(`${server.url}/api/audit/verify`, token);
      expect(verify.breaks).toEqual([]);
      expect(verify.ok).toBe(true);
      expect(verify.events).toBeGreaterThanOrEqual(15_000);

      // A restart finds a store that is no longer empty: nothing is loaded again. DEMO=live moves it.
      await server.stop();
      server = await startServer({ dataDir: data.dir, env: { DEMO: 'live', ADMIN_PASSWORD: PASSWORD } });
      expect(server.output()).not.toMatch(/demo: loaded/);
      // The token from before the restart still works (its hash is in the store): no new login, no new event.
      const again = token;
      const before = await get<Board>(`${server.url}/api/board`, again);
      expect(before.position).toBe(board.position);
      const deadline = Date.now() + 20_000;
      let after = before;
      while (after.position === before.position && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        after = await get<Board>(`${server.url}/api/board`, again);
      }
      expect(BigInt(after.position!)).toBeGreaterThan(BigInt(before.position!));
      expect(server.output()).toMatch(/simulate: /);
      expect((await get<{ ok: boolean }>(`${server.url}/api/audit/verify`, again)).ok).toBe(true);
    } finally {
      await server.stop();
      data.remove();
    }
  }, 240_000);

  it('loads nothing with DEMO=off', async () => {
    const data = tempDataDir();
    const server = await startServer({ dataDir: data.dir, env: { DEMO: 'off', ADMIN_PASSWORD: PASSWORD } });
    try {
      expect(server.output()).not.toMatch(/demo: loaded/);
      const board = await get<Board>(`${server.url}/api/board`, await login(server.url));
      expect(board.projects).toEqual([]);
    } finally {
      await server.stop();
      data.remove();
    }
  });
});
