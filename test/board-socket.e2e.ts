import { type BoardViewDetail, chinaDay, selectBoardView } from '@battlemap/events';
import { BoardClient, atClientPosition, sleep } from './support/board-client';
import { type AdminSession, adminSession, registerProject, reportProgress } from './support/fixtures';
import type { CommandAnswer } from './support/http-client';
import { type RunningServer, startServer, tempDataDir } from './support/server';

/**
 * socket.io /board with the real client against the compiled server: snapshot then live, resume with
 * `after`, the fold equals GET /api/board, scope filters, handshake auth and revocation, ticks, order
 * under load, and a reader that stops reading.
 */

const ADMIN_PASSWORD = 'board-socket-e2e-secret';
/** lz and cx are counties of the city gy; tf-a and tf-b are task forces. */
const PROJECTS = {
  lzA: { id: 'p-lz-a', regionId: 'lz', taskForceId: 'tf-a' },
  cxB: { id: 'p-cx-b', regionId: 'cx', taskForceId: 'tf-b' },
  lzB: { id: 'p-lz-b', regionId: 'lz', taskForceId: 'tf-b' },
};

let server: RunningServer;
let removeData: () => void;
let session: AdminSession;
let clients: BoardClient[] = [];

const chinaToday = () => chinaDay(Date.now());

async function open(token = session.admin): Promise<BoardClient> {
  const client = await BoardClient.connect(server.url, { token });
  clients.push(client);
  return client;
}

/** A sizeable event (an inspection's findings are up to 4,000 characters), each on a new stream. */
function inspect(projectId: string, findings = '现场检查：施工正常。'): Promise<CommandAnswer> {
  return post('/api/inspections', { projectId, kind: 'onsite', on: chinaToday(), inspectorId: 'inspector-1', findings, rating: 4 });
}

/** A setup command as admin: throws unless it answered 201. */
function post<T = CommandAnswer>(path: string, body: unknown): Promise<T> {
  return session.api.must<T>('POST', path, body, session.admin);
}

/** Runs `count` commands with at most `parallel` in flight; returns the answers in completion order. */
async function burst(count: number, parallel: number, command: (i: number) => Promise<CommandAnswer>): Promise<CommandAnswer[]> {
  const answers: CommandAnswer[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) answers.push(await command(next++));
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return answers;
}

const byPosition = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);
const positionsOf = (answers: CommandAnswer[]) => answers.map((a) => a.position).sort(byPosition);
const withoutAsOf = ({ asOf: _asOf, ...rest }: BoardViewDetail) => rest;

/** GET /api/board (with `query`) must deep-equal the client's own fold seen through the same selector. */
async function expectBoardMatchesFold(client: BoardClient, query: { region?: string; taskForce?: string } = {}): Promise<void> {
  const search = new URLSearchParams(query as Record<string, string>).toString();
  const view = await atClientPosition(client, () =>
    session.api.must<BoardViewDetail>('GET', `/api/board${search ? `?${search}` : ''}`, undefined, session.admin, 200),
  );
  expect(client.position).toBe(view.position);
  const folded = selectBoardView(client.state!, { year: view.year, today: view.today, asOf: view.asOf, ...query });
  expect(withoutAsOf(JSON.parse(JSON.stringify(folded)))).toEqual(withoutAsOf(view));
}

beforeAll(async () => {
  const data = tempDataDir();
  removeData = data.remove;
  // Bursts of hundreds of commands from one account: lift the per-minute budget (tested in security-limits).
  server = await startServer({ dataDir: data.dir, env: { ADMIN_PASSWORD, RATE_LIMIT_COMMANDS: '1000000', RATE_LIMIT_ADDRESS: '1000000' } });
  session = await adminSession(server.url, ADMIN_PASSWORD);
  await post('/api/regions', { id: 'gy', name: '广元市', kind: 'city' });
  await post('/api/regions', { id: 'lz', name: '利州区', kind: 'county', parentId: 'gy' });
  await post('/api/regions', { id: 'cx', name: '苍溪县', kind: 'county', parentId: 'gy' });
  for (const id of ['tf-a', 'tf-b']) {
    await post('/api/taskforces', { id, name: `专班 ${id}`, industry: '食品饮料', chiefId: `chief-${id}`, leadUnit: '市经信局' });
  }
  for (const { id, taskForceId, regionId } of Object.values(PROJECTS)) await registerProject(session, taskForceId, regionId, { id });
}, 90_000);

afterEach(() => {
  // Every client of every test: strictly increasing positions across all its batches.
  const violations = clients.flatMap((c) => c.orderViolations);
  clients.forEach((c) => c.close());
  clients = [];
  expect(violations).toEqual([]);
});

afterAll(async () => {
  await server?.stop();
  removeData?.();
});

describe('socket.io /board', () => {
  it('sends a snapshot on the first subscribe, then a command’s event as `events` after its 201', async () => {
    const client = await open();
    const ack = await client.subscribe();
    expect(ack).toEqual({ ok: true, position: expect.any(String), snapshot: true });
    expect(client.snapshots.map((s) => s.position)).toEqual([ack.ok && ack.position]);
    expect(client.state!.projects[PROJECTS.lzA.id]).toBeDefined();

    const answer = await reportProgress(session, PROJECTS.lzA.id, 12);
    const event = await client.received(answer.position);
    expect(event).toMatchObject({
      type: 'ProgressReported',
      stream: `project-${PROJECTS.lzA.id}`,
      revision: answer.revision,
      data: { projectId: PROJECTS.lzA.id, progress: 12 },
    });
    expect(BigInt(answer.position)).toBeGreaterThan(BigInt(ack.ok ? ack.position! : 0));
    expect(client.positions()).toEqual([answer.position]);
  });

  it('resumes with `after`: exactly the N events missed, in order, and no snapshot', async () => {
    const client = await open();
    await client.subscribe();
    await client.received((await reportProgress(session, PROJECTS.cxB.id, 5)).position);
    client.socket.disconnect();

    const missed: CommandAnswer[] = [];
    const ids = Object.values(PROJECTS).map((p) => p.id);
    for (let i = 0; i < 7; i++) missed.push(await reportProgress(session, ids[i % ids.length], 20 + i));

    const seenBefore = client.events.length;
    await client.reconnect();
    const ack = await client.resubscribe();
    expect(ack).toEqual({ ok: true, position: missed.at(-1)!.position, snapshot: false });
    await client.reached(missed.at(-1)!.position);
    await sleep(300); // nothing more may follow
    expect(client.events.slice(seenBefore).map((e) => e.position)).toEqual(missed.map((a) => a.position));
    expect(client.snapshots).toHaveLength(1);

    // Resuming from the head sends nothing at all.
    const quiet = client.events.length;
    const again = await client.resubscribe();
    expect(again).toEqual({ ok: true, position: client.position, snapshot: false });
    await sleep(200);
    expect(client.events.length).toBe(quiet);
    expect(client.snapshots).toHaveLength(1);
  });

  it('GET /api/board deep-equals the client’s own fold (snapshot + events, across a resume)', async () => {
    const client = await open();
    await client.subscribe();
    await post(`/api/projects/${PROJECTS.lzB.id}/stage`, { stage: 'started', on: chinaToday() });
    await reportProgress(session, PROJECTS.lzB.id, 30, '主体结构封顶');
    client.socket.disconnect();
    await post(`/api/projects/${PROJECTS.cxB.id}/stalled`, { reason: '用地指标未落实', on: chinaToday() });
    await post('/api/problems', {
      projectId: PROJECTS.cxB.id,
      category: 'land',
      description: '用地指标未落实',
      deadline: chinaToday(),
      severity: 'major',
    });
    await inspect(PROJECTS.lzA.id);
    await client.reconnect();
    const last = await reportProgress(session, PROJECTS.lzA.id, 40);
    expect(await client.resubscribe()).toMatchObject({ ok: true, snapshot: false });
    await client.reached(last.position);

    await expectBoardMatchesFold(client);
    await expectBoardMatchesFold(client, { region: 'lz' });
    await expectBoardMatchesFold(client, { taskForce: 'tf-b' });
    await expectBoardMatchesFold(client, { region: 'cx', taskForce: 'tf-b' });
  });

  it('sends a scoped screen every event, live and in the backlog of a resume (its view is scoped; the city-wide ranking it shows folds from all)', async () => {
    const everything = await open();
    const county = await open();
    const force = await open();
    const city = await open();
    const both = await open();
    await everything.subscribe();
    for (const [client, scope] of [
      [county, { region: 'lz' }],
      [force, { taskForce: 'tf-b' }],
      [city, { region: 'gy' }],
      [both, { region: 'lz', taskForce: 'tf-b' }],
    ] as const) {
      expect(await client.subscribe(scope)).toMatchObject({ ok: true, snapshot: true });
    }

    const cx = await reportProgress(session, PROJECTS.cxB.id, 50);
    const lzA = await reportProgress(session, PROJECTS.lzA.id, 50);
    const lzB = await reportProgress(session, PROJECTS.lzB.id, 50);
    await everything.reached(lzB.position);
    await Promise.all([county, force, city, both].map((client) => client.reached(lzB.position)));
    const all = [cx.position, lzA.position, lzB.position];
    for (const client of [county, force, city, both]) expect(client.positions()).toEqual(all);

    // What a county screen missed while away: all of it, an out-of-scope project's events too.
    county.socket.disconnect();
    const awayCx = await reportProgress(session, PROJECTS.cxB.id, 60);
    const awayLz = await reportProgress(session, PROJECTS.lzA.id, 60);
    const inspection = await inspect(PROJECTS.cxB.id);
    const seen = county.events.length;
    await county.reconnect();
    expect(await county.resubscribe({ region: 'lz' })).toMatchObject({ ok: true, snapshot: false });
    await county.reached(inspection.position);
    expect(county.events.slice(seen).map((e) => e.position)).toEqual(
      everything.events.filter((e) => BigInt(e.position) > BigInt(lzB.position)).map((e) => e.position),
    );
    expect(county.positions()).toEqual(expect.arrayContaining([awayCx.position, awayLz.position, inspection.position]));
  });

  it('refuses a bad or missing token at the handshake with a code, takes a screen token in auth, never in the query', async () => {
    const unknown = await BoardClient.refused(server.url, { token: 'not-a-token' });
    expect(unknown.message).toMatch(/unauthorized/);
    expect(unknown.data).toEqual({ code: 'token_revoked', message: expect.any(String) });
    const missing = await BoardClient.refused(server.url, {});
    expect(missing.message).toMatch(/unauthorized/);
    expect(missing.data).toEqual({ code: 'token_missing', message: expect.any(String) });

    await post('/api/accounts', { username: 'wall-0', displayName: '指挥大厅', role: 'screen', password: 'screen-password-0' });
    const { token } = await post<{ token: string }>('/api/accounts/wall-0/screen-token', {});
    const screen = await BoardClient.connect(server.url, { token });
    clients.push(screen);
    expect(await screen.subscribe()).toMatchObject({ ok: true, snapshot: true });
    // The same valid token in the handshake's query string (where access logs keep it) is not read.
    const inQuery = await BoardClient.refused(server.url, { token, tokenInQuery: true });
    expect(inQuery.data).toEqual({ code: 'token_missing', message: expect.any(String) });
  });

  it('tells a socket why its token was revoked (account disabled, or logged out), then disconnects it', async () => {
    await post('/api/accounts', { username: 'wall-1', displayName: '一号大屏', role: 'screen', password: 'screen-password-1' });
    const { token } = await post<{ token: string }>('/api/accounts/wall-1/screen-token', {});
    const screen = await open(token);
    const bystander = await open();
    expect(await screen.subscribe()).toMatchObject({ ok: true });
    await bystander.subscribe();

    await post('/api/accounts/wall-1/disable', { reason: '大屏报废' });
    await screen.waitFor(() => screen.disconnects.length > 0, 5_000, 'disconnect');
    expect(screen.disconnects).toEqual(['io server disconnect']);
    expect(screen.revocations).toEqual([{ reason: 'disabled', message: expect.stringContaining('停用'), disconnectsBefore: 0 }]);
    // The same token at a new handshake: refused with the code a screen tells apart from a fault.
    const again = await BoardClient.refused(server.url, { token });
    expect(again.message).toMatch(/unauthorized/);
    expect(again.data).toEqual({ code: 'token_revoked', message: expect.any(String) });

    const second = await session.api.login('admin', ADMIN_PASSWORD);
    const loggedOut = await open(second);
    await loggedOut.subscribe();
    await session.api.must('POST', '/api/auth/logout', {}, second, 200);
    await loggedOut.waitFor(() => loggedOut.disconnects.length > 0, 5_000, 'disconnect');
    expect(loggedOut.disconnects).toEqual(['io server disconnect']);
    expect(loggedOut.revocations).toEqual([{ reason: 'logout', message: expect.any(String), disconnectsBefore: 0 }]);

    // Everyone else stays connected and live.
    const answer = await reportProgress(session, PROJECTS.lzA.id, 61);
    await bystander.received(answer.position);
    expect(bystander.disconnects).toEqual([]);
    expect(bystander.revocations).toEqual([]);
  });

  it('ticks at once on connect, then at least every 5 s', async () => {
    const before = Date.now();
    const client = await open();
    await client.waitFor(() => client.ticks.length >= 1, 2_000, 'the first tick');
    const head = await session.api.position();
    expect(client.ticks[0]).toEqual({ position: head, now: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    expect(Math.abs(Date.parse(client.ticks[0].now) - before)).toBeLessThan(5_000);
    await client.waitFor(() => client.ticks.length >= 2, 6_500, 'a periodic tick');
  }, 15_000);

  it('keeps positions strictly increasing, without gaps, for screens subscribing during a burst', async () => {
    const early = await open();
    await early.subscribe();
    const start = early.position!;
    const late: { client: BoardClient; after: string | null }[] = [];
    const ids = Object.values(PROJECTS).map((p) => p.id);
    const joining = (async () => {
      for (let i = 0; i < 12; i++) {
        await sleep(15);
        const client = await open();
        const after = i % 2 === 0 ? start : null;
        await client.subscribe(after === null ? {} : { after });
        late.push({ client, after });
      }
    })();
    const answers = await burst(120, 8, (i) => inspect(ids[i % ids.length]));
    await joining;
    const all = positionsOf(answers);
    const last = all.at(-1)!;
    await Promise.all([early, ...late.map((l) => l.client)].map((c) => c.reached(last)));

    expect(early.positions()).toEqual(all);
    for (const { client, after } of late) {
      const from = after ?? client.snapshots[0].position!;
      expect(client.snapshots).toHaveLength(after === null ? 1 : 0);
      expect(client.positions()).toEqual(all.filter((p) => BigInt(p) > BigInt(from)));
    }
  }, 60_000);

  it('drops a reader that stopped reading back to a snapshot, and keeps the others live', async () => {
    const steady = await open();
    const stalled = await open();
    await steady.subscribe();
    await stalled.subscribe();
    const marker = `socket ${stalled.socket.id} stopped reading`;
    // Stop reading from the TCP socket under the WebSocket: the server's send queue for it grows.
    const transport = stalled.socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } };
    transport.ws._socket.pause();

    const findings = '现场检查：主体结构施工正常，安全文明施工到位，建议加快设备进场。'.repeat(120).slice(0, 3_900);
    const sent: CommandAnswer[] = [];
    const deadline = Date.now() + 25_000; // well before a paused client misses its pings (25 s + 20 s)
    while (!server.output().includes(marker) && Date.now() < deadline) {
      sent.push(...(await burst(48, 12, () => inspect(PROJECTS.cxB.id, findings))));
    }
    expect(server.output()).toContain(marker);
    const last = positionsOf(sent).at(-1)!;
    await steady.reached(last, 20_000);
    expect(steady.snapshots).toHaveLength(1);

    transport.ws._socket.resume();
    await stalled.waitFor(() => stalled.snapshots.length === 2, 20_000, 'the resync snapshot');
    await stalled.reached(last, 20_000);
    const after = await reportProgress(session, PROJECTS.cxB.id, 70);
    await Promise.all([stalled.received(after.position), steady.received(after.position)]);
    await expectBoardMatchesFold(stalled);
    await expectBoardMatchesFold(steady);
  }, 60_000);
});
