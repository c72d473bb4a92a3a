import { Api, ApiResponse } from './support/http-client';
import { ADMIN_PASSWORD, World, adminSession, registerProject, startWorld } from './support/fixtures';
import { startServer, tempDataDir } from './support/server';

const CLIENTS = 5;
const PER_CLIENT = 100;
/** The server is killed once this many commands have been acknowledged: mid-burst, with more in flight. */
const KILL_AFTER = 150;

interface Sent {
  key: string;
  path: string;
  body: { month: string; investment: number; progress: number };
  /** The first answer, when one came back before the crash. */
  answer?: ApiResponse;
}

/**
 * Fault: kill -9 during a burst of 500 commands from several clients, each command with its own
 * Idempotency-Key. After a restart, every acknowledged command is there exactly once, retrying any
 * acknowledged key returns its first answer and appends nothing, and retrying the rest completes each
 * exactly once.
 */
describe('fault: kill -9 during a burst of 500 commands', () => {
  const data = tempDataDir();
  let world: World;

  beforeAll(async () => {
    world = await startWorld({ dataDir: data.dir });
  });
  afterAll(async () => {
    await world?.server.stop();
    data.remove();
  });

  it('keeps every acknowledged command once, and a retry of the same key returns the first answer', async () => {
    const projects: string[] = [];
    for (let c = 0; c < CLIENTS; c++) projects.push(await registerProject(world));
    const sent: Sent[] = [];
    let acknowledged = 0;
    let killed = false;
    const killedAt = new Promise<void>((resolve) => {
      const client = async (c: number) => {
        for (let n = 0; n < PER_CLIENT; n++) {
          const investment = c * PER_CLIENT + n;
          const item: Sent = {
            key: `burst-${c}-${n}`,
            path: `/api/projects/${projects[c]}/progress`,
            body: { month: '2025-06', investment, progress: n },
          };
          sent.push(item);
          if (killed) continue; // never sent: the retry below sends it
          try {
            const answer = await world.api.post(item.path, item.body, world.admin, { 'Idempotency-Key': item.key });
            if (answer.status !== 201) throw new Error(`${item.key} → ${answer.status} ${answer.text}`);
            item.answer = answer;
            acknowledged += 1;
            if (acknowledged === KILL_AFTER && !killed) {
              killed = true;
              world.server.process.kill('SIGKILL');
              resolve();
            }
          } catch (error) {
            if (!killed) throw error;
            // In flight at the crash: it may or may not have landed. The retry tells.
          }
        }
      };
      void Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c))).then(() => resolve());
    });
    await killedAt;
    await new Promise<void>((resolve) => world.server.process.once('exit', () => resolve()));
    // Let the clients run out (their requests now fail fast).
    await new Promise((r) => setTimeout(r, 500));
    expect(sent).toHaveLength(CLIENTS * PER_CLIENT);
    const acked = sent.filter((s) => s.answer);
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(acked.length).toBeLessThan(CLIENTS * PER_CLIENT);

    world.server = await startServer({ dataDir: data.dir, env: { ADMIN_PASSWORD } });
    const session = await adminSession(world.server.url, ADMIN_PASSWORD);
    const api: Api = session.api;

    // Every acknowledged command is there, once, at the position it was acknowledged with.
    const landed = await progressByInvestment(api, session.admin, projects);
    for (const item of acked) {
      expect({ key: item.key, at: landed.get(item.body.investment) }).toEqual({ key: item.key, at: [item.answer!.body.position] });
    }
    for (const [investment, positions] of landed) expect({ investment, positions: positions.length }).toEqual({ investment, positions: 1 });

    // Retrying an acknowledged key returns the first answer and appends nothing.
    const head = await api.position();
    for (const item of acked) {
      const retry = await api.post(item.path, item.body, session.admin, { 'Idempotency-Key': item.key });
      expect({ key: item.key, status: retry.status, body: retry.body }).toEqual({ key: item.key, status: 201, body: item.answer!.body });
    }
    expect(await api.position()).toBe(head);

    // Retrying the rest (in flight at the crash, or never sent) completes each exactly once.
    for (const item of sent.filter((s) => !s.answer)) {
      const retry = await api.post(item.path, item.body, session.admin, { 'Idempotency-Key': item.key });
      expect({ key: item.key, status: retry.status }).toEqual({ key: item.key, status: 201 });
    }
    const all = await progressByInvestment(api, session.admin, projects);
    expect(all.size).toBe(CLIENTS * PER_CLIENT);
    for (const [investment, positions] of all) expect({ investment, positions: positions.length }).toEqual({ investment, positions: 1 });
    const inFlight = sent.filter((s) => !s.answer && landed.has(s.body.investment)).length;
    console.log(
      `faults-crash: killed after ${acked.length} acknowledged; ${inFlight} more had landed unacknowledged; all 500 present once after retries`,
    );
  }, 240_000);
});

/** The positions of each ProgressReported event, keyed by its investment (unique per command here). */
async function progressByInvestment(api: Api, token: string, projects: string[]): Promise<Map<number, string[]>> {
  const found = new Map<number, string[]>();
  for (const id of projects) {
    const history = await api.get(`/api/projects/${id}/history`, token);
    for (const event of history.body.events as { type: string; position: string; data: { investment: number } }[]) {
      if (event.type !== 'ProgressReported') continue;
      found.set(event.data.investment, [...(found.get(event.data.investment) ?? []), event.position]);
    }
  }
  return found;
}
