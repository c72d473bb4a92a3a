import { type IncomingHttpHeaders, get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { type BoardState, type BoardViewDetail, type SnapshotForm, chinaDay, screenForm, selectBoardView } from '@battlemap/events';
import { BoardClient, atClientPosition } from './support/board-client';
import { type AdminSession, adminSession, registerProject, reportProgress } from './support/fixtures';
import type { CommandAnswer } from './support/http-client';
import { type RunningServer, startServer, tempDataDir } from './support/server';

/**
 * Shared snapshots over socket.io /board, with the real client against the compiled server: a snapshot
 * is serialised once per position and the same bytes go to every socket that asks for it; the packed
 * (gzip) form unpacks to exactly the plain one; a screen that folds from the shared snapshot and the
 * events after it (live, or from the ring when the snapshot is older) sees what GET /api/board answers.
 */

const ADMIN_PASSWORD = 'board-snapshots-e2e-secret';

let server: RunningServer;
let removeData: () => void;
let session: AdminSession;
let screenToken: string;
let clients: BoardClient[] = [];
const projectIds: string[] = [];

const chinaToday = () => chinaDay(Date.now());

function post<T = CommandAnswer>(path: string, body: unknown): Promise<T> {
  return session.api.must<T>('POST', path, body, session.admin);
}

async function open(options: { packed: boolean; token?: string; form?: SnapshotForm }): Promise<BoardClient> {
  const client = await BoardClient.connect(server.url, {
    token: options.token ?? session.admin,
    ...(options.packed && { snapshotEncoding: 'gzip' as const }),
    ...(options.form && { snapshotForm: options.form }),
  });
  clients.push(client);
  return client;
}

/** A sample from the Prometheus text at /metrics. */
async function metric(name: string, labels = ''): Promise<number> {
  const text = (await session.api.get('/metrics')).text;
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

/** A GET whose body is kept as sent (Node's fetch would unpack a gzip Content-Encoding). */
function rawGet(
  path: string,
  token: string,
  acceptEncoding: string,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { 'Accept-Encoding': acceptEncoding, ...(token && { Authorization: `Bearer ${token}` }) };
    get(new URL(path, server.url), { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

const withoutAsOf = ({ asOf: _asOf, ...rest }: BoardViewDetail) => rest;

/** GET /api/board (as `token` reads it, with `query`) deep-equals the client's own fold through the same selector. */
async function expectBoardMatchesFold(client: BoardClient, token: string, query: { region?: string; taskForce?: string } = {}) {
  const part = withoutAsOf;
  const search = new URLSearchParams(query as Record<string, string>).toString();
  const view = await atClientPosition(client, () =>
    session.api.must<BoardViewDetail>('GET', `/api/board${search ? `?${search}` : ''}`, undefined, token, 200),
  );
  expect(client.position).toBe(view.position);
  const folded = selectBoardView(client.state!, { year: view.year, today: view.today, asOf: view.asOf, ...query });
  expect(part(JSON.parse(JSON.stringify(folded)))).toEqual(part(view));
}

/** A few commands of different kinds, each reaching every screen. */
async function someCommands(round: number): Promise<CommandAnswer[]> {
  const [a, b, c] = projectIds.slice(round * 3, round * 3 + 3);
  return [
    await reportProgress(session, a, 20 + round, '主体结构施工'),
    await post(`/api/projects/${b}/stage`, { stage: 'started', on: chinaToday() }),
    await post('/api/problems', {
      projectId: c,
      category: 'land',
      description: '用地指标未落实',
      deadline: chinaToday(),
      severity: 'major',
    }),
    await post('/api/inspections', {
      projectId: a,
      kind: 'onsite',
      on: chinaToday(),
      inspectorId: 'inspector-1',
      findings: '现场检查：施工正常。',
      rating: 4,
    }),
  ];
}

beforeAll(async () => {
  const data = tempDataDir();
  removeData = data.remove;
  server = await startServer({ dataDir: data.dir, env: { ADMIN_PASSWORD, RATE_LIMIT_COMMANDS: '1000000', RATE_LIMIT_ADDRESS: '1000000' } });
  session = await adminSession(server.url, ADMIN_PASSWORD);
  await post('/api/regions', { id: 'gy', name: '广元市', kind: 'city' });
  await post('/api/regions', { id: 'lz', name: '利州区', kind: 'county', parentId: 'gy' });
  await post('/api/regions', { id: 'cx', name: '苍溪县', kind: 'county', parentId: 'gy' });
  for (const id of ['tf-a', 'tf-b']) {
    await post('/api/taskforces', { id, name: `专班 ${id}`, industry: '食品饮料', chiefId: `chief-${id}`, leadUnit: '市经信局' });
  }
  for (let i = 0; i < 30; i++) {
    projectIds.push(await registerProject(session, i % 2 ? 'tf-a' : 'tf-b', i % 3 ? 'lz' : 'cx', { id: `p-${i}` }));
  }
  await post('/api/accounts', { username: 'wall-s', displayName: '指挥大厅', role: 'screen', password: 'screen-password-s' });
  screenToken = (await post<{ token: string }>('/api/accounts/wall-s/screen-token', {})).token;
}, 90_000);

afterEach(() => {
  const violations = clients.flatMap((c) => c.orderViolations);
  clients.forEach((c) => c.close());
  clients = [];
  expect(violations).toEqual([]);
});

afterAll(async () => {
  await server?.stop();
  removeData?.();
});

describe('shared snapshots on /board', () => {
  // First: it reads what the server did at start, before any socket asked for a snapshot.
  it('packs the screens’ snapshot ahead, at start: the first wallboard gets those bytes and the events since, with no encoding of its own', async () => {
    // One encoding made at start, of the screen form, while no screen was connected (the set-up's commands came after it).
    expect(await metric('battlemap_snapshot_encodings_total', '{form="screen"}')).toBe(1);
    expect(await metric('battlemap_snapshot_encodings_total', '{form="whole"}')).toBe(0);
    expect(await metric('battlemap_snapshots_sent_total', '{encoding="gzip"}')).toBe(0);
    const first = await open({ packed: true, token: screenToken, form: 'screen' });
    const ack = await first.subscribe();
    expect(ack).toMatchObject({ ok: true, snapshot: true });
    await first.reached((ack as { position: string }).position);
    expect(await metric('battlemap_snapshot_encodings_total', '{form="screen"}')).toBe(1);
    expect(await metric('battlemap_snapshot_encodings_total', '{form="whole"}')).toBe(0);
    // The board at start, older than the board now; the set-up's events follow it, from the ring.
    const startedAt = first.snapshots[0].position;
    expect(BigInt(startedAt ?? '0')).toBeLessThan(BigInt((ack as { position: string }).position));
    expect(first.events.length).toBeGreaterThan(30);
    expect(BigInt(first.events[0].position)).toBeGreaterThan(BigInt(startedAt ?? '0'));
    expect(first.state!.projects['p-29']).toBeDefined();
    await expectBoardMatchesFold(first, screenToken);
  });

  it('encodes a position once: every socket gets the same gzip bytes, which unpack to the plain snapshot a socket gets', async () => {
    const encodingsBefore = await metric('battlemap_snapshot_encodings_total', '{form="whole"}');
    const packed = await Promise.all([1, 2, 3, 4].map(() => open({ packed: true, token: screenToken })));
    const plain = await open({ packed: false, token: screenToken });
    // The plain socket first: its snapshot is always of the board's position, which the packed ones then
    // share (else they would share the one packed ahead at start, a few commands older).
    const acks = [await plain.subscribe(), ...(await Promise.all(packed.map((c) => c.subscribe())))];
    for (const ack of acks) expect(ack).toMatchObject({ ok: true, snapshot: true });
    await Promise.all([...packed, plain].map((c) => c.waitFor(() => c.state !== null, 10_000, 'the snapshot')));

    const [first, ...others] = packed.map((c) => c.packedBytes);
    expect(first).toHaveLength(1);
    for (const bytes of others) expect(bytes).toHaveLength(1);
    for (const bytes of others) expect(bytes[0].equals(first[0])).toBe(true);
    // The one serialisation, packed: the JSON of the state the plain socket was sent, in ASCII (its
    // other characters escaped), which parses to the same JSON.
    const plainSnapshot = plain.snapshots[0];
    expect('state' in plainSnapshot).toBe(true);
    const unpacked = gunzipSync(first[0]).toString('latin1');
    expect([...unpacked].every((c) => c.charCodeAt(0) <= 0x7e)).toBe(true);
    expect(JSON.stringify(JSON.parse(unpacked))).toBe(JSON.stringify('state' in plainSnapshot && plainSnapshot.state));
    for (const client of packed) expect(client.snapshots[0].position).toBe(plainSnapshot.position);
    expect(first[0].length).toBeLessThan(Buffer.byteLength(JSON.stringify(plain.state)) / 3);
    // Five sockets, one position: one serialisation.
    expect((await metric('battlemap_snapshot_encodings_total', '{form="whole"}')) - encodingsBefore).toBe(1);
    expect(await metric('battlemap_snapshots_sent_total', '{encoding="gzip"}')).toBeGreaterThanOrEqual(4);
  });

  it('a screen that folds the shared snapshot and the events after it sees what GET /api/board answers', async () => {
    const early = await open({ packed: true, token: screenToken });
    await early.subscribe();
    await early.waitFor(() => early.state !== null, 10_000, 'the snapshot');
    const sent = await someCommands(0);

    // A later screen shares the earlier encoding: the same bytes, then the events since, from the ring.
    const late = await open({ packed: true, token: screenToken });
    const ack = await late.subscribe();
    expect(ack).toMatchObject({ ok: true, snapshot: true });
    // The board's position when it subscribed: past the last command (the time keeper's facts may follow it).
    expect(BigInt((ack as { position: string }).position)).toBeGreaterThanOrEqual(BigInt(sent.at(-1)!.position));
    await late.reached(sent.at(-1)!.position);
    expect(late.snapshots[0].position).toBe(early.snapshots[0].position);
    expect(late.packedBytes[0].equals(early.packedBytes[0])).toBe(true);
    // Every event the store recorded after the shared snapshot, in order: the commands sent, and any
    // facts the time keeper recorded meanwhile (it records its ticks' facts in paced batches).
    const since = await session.api.must<{ events: { position: string }[] }>(
      'GET',
      `/api/events?after=${late.snapshots[0].position}&limit=1000`,
      undefined,
      session.admin,
      200,
    );
    // Both up to the last command: the time keeper's facts after it may reach the screen before or after the read.
    const upToLastSent = (positions: string[]) => positions.filter((p) => BigInt(p) <= BigInt(sent.at(-1)!.position));
    const upToLast = upToLastSent(since.events.map((e) => e.position));
    expect(upToLastSent(late.events.map((e) => e.position))).toEqual(upToLast);
    for (const answer of sent) expect(upToLast).toContain(answer.position);

    // Screens that subscribe while commands land: scoped, and the whole city.
    const county = await open({ packed: true });
    const force = await open({ packed: true });
    const commands = someCommands(1);
    await Promise.all([county.subscribe({ region: 'lz' }), force.subscribe({ taskForce: 'tf-b' })]);
    await commands;
    await someCommands(2);
    // p-2 is in lz and in tf-b: its event reaches every one of these screens, after all the others.
    const last = (await reportProgress(session, 'p-2', 90)).position;
    await Promise.all([early, late, county, force].map((c) => c.reached(last)));

    await expectBoardMatchesFold(early, screenToken);
    await expectBoardMatchesFold(late, session.admin);
    await expectBoardMatchesFold(late, screenToken, { region: 'cx', taskForce: 'tf-b' });
    // A scoped screen is sent every event: its fold matches the board of its scope, the city-wide ranking too.
    await expectBoardMatchesFold(county, screenToken, { region: 'lz' });
    await expectBoardMatchesFold(force, session.admin, { taskForce: 'tf-b' });
  });

  it("GET /api/board/snapshot answers the sockets' shared gzip bytes; a screen starting from it and subscribing after its position folds to GET /api/board", async () => {
    await someCommands(3);
    // A socket first, so the shared encoding is of the board's position now.
    const socket = await open({ packed: true, token: screenToken });
    await socket.subscribe();
    await socket.waitFor(() => socket.state !== null, 10_000, 'the snapshot');
    const raw = await rawGet('/api/board/snapshot', screenToken, 'gzip, deflate, br');
    expect(raw.status).toBe(200);
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(raw.headers['content-type']).toMatch(/^application\/json/);
    expect(raw.headers['cache-control']).toBe('no-store');
    expect(raw.headers['board-position']).toBe(socket.snapshots[0].position);
    expect(raw.body.equals(socket.packedBytes[0])).toBe(true);

    // A client that does not take gzip is sent the plain JSON of the same state.
    const plain = await rawGet('/api/board/snapshot', screenToken, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['board-position']).toBe(raw.headers['board-position']);
    expect(JSON.parse(plain.body.toString('utf8'))).toEqual(JSON.parse(gunzipSync(raw.body).toString('latin1')));

    // The wallboard's start: the board from HTTP, commands landing meanwhile, then the socket from its position.
    const screen = await open({ packed: true, token: screenToken });
    screen.state = JSON.parse(gunzipSync(raw.body).toString('latin1'));
    screen.position = raw.headers['board-position'] as string;
    const sent = await someCommands(4);
    const ack = await screen.resubscribe();
    expect(ack).toMatchObject({ ok: true, snapshot: false });
    await screen.reached(sent.at(-1)!.position);
    expect(screen.snapshots).toHaveLength(0);
    expect(BigInt(screen.events[0].position)).toBe(BigInt(raw.headers['board-position'] as string) + 1n);
    await expectBoardMatchesFold(screen, screenToken);

    // No token, no board.
    expect((await rawGet('/api/board/snapshot', '', 'gzip')).status).toBe(401);
  });

  it('the screen form: what a live wallboard reads, one encoding shared by every socket and GET ?form=screen, that folds to GET /api/board', async () => {
    await someCommands(5);
    const encodingsBefore = await metric('battlemap_snapshot_encodings_total', '{form="screen"}');
    // Plain sockets first: their snapshots are of the board's position now, whole and screen form alike.
    const whole = await open({ packed: false, token: screenToken });
    const plainScreen = await open({ packed: false, token: screenToken, form: 'screen' });
    const packed = await Promise.all([1, 2, 3].map(() => open({ packed: true, token: screenToken, form: 'screen' })));
    for (const client of [whole, plainScreen]) expect(await client.subscribe()).toMatchObject({ ok: true, snapshot: true });
    for (const client of packed) expect(await client.subscribe()).toMatchObject({ ok: true, snapshot: true });
    await Promise.all([whole, plainScreen, ...packed].map((c) => c.waitFor(() => c.state !== null, 10_000, 'the snapshot')));
    const position = whole.snapshots[0].position;
    expect(plainScreen.snapshots[0].position).toBe(position);

    // What it holds: the whole state through screenForm on the server's today, serialised as one socket would be.
    const wholeState = (whole.snapshots[0] as { state: BoardState }).state;
    const screenState = (plainScreen.snapshots[0] as { state: BoardState }).state;
    expect(JSON.stringify(screenState)).toBe(JSON.stringify(screenForm(wholeState, chinaToday())));
    // The set-up's inspections are counted in the whole state, not in the screen's; the rest is all there.
    expect(Object.keys(wholeState.inspections.byProject).length).toBeGreaterThan(0);
    expect(screenState.inspections).toEqual({ byInspector: {}, byProject: {}, byVisit: {} });
    expect(Object.keys(screenState.problems)).toEqual(Object.keys(wholeState.problems));
    expect(JSON.stringify(screenState).length).toBeLessThan(JSON.stringify(wholeState).length);

    // Shared: every packed socket gets the same bytes, the plain screen snapshot packed, made once.
    const [first, ...others] = packed.map((c) => c.packedBytes[0]);
    for (const bytes of others) expect(bytes.equals(first)).toBe(true);
    expect(JSON.stringify(JSON.parse(gunzipSync(first).toString('latin1')))).toBe(JSON.stringify(screenState));
    expect((await metric('battlemap_snapshot_encodings_total', '{form="screen"}')) - encodingsBefore).toBe(1);
    // The page's first request gets those very bytes.
    const raw = await rawGet('/api/board/snapshot?form=screen', screenToken, 'gzip');
    expect(raw.status).toBe(200);
    expect(raw.headers['snapshot-form']).toBe('screen');
    expect(raw.headers['board-position']).toBe(position);
    expect(raw.body.equals(first)).toBe(true);

    // Folded on with the events after it, it shows what GET /api/board answers, for the city and a county.
    const last = (await someCommands(6)).at(-1)!.position;
    await Promise.all([plainScreen, ...packed].map((c) => c.reached(last)));
    await expectBoardMatchesFold(plainScreen, screenToken);
    await expectBoardMatchesFold(packed[0], screenToken, { region: 'lz' });

    // A form the server does not know is refused, in words a person can act on.
    const bad = await session.api.get('/api/board/snapshot?form=tiny', session.admin);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('应为 whole（完整状态）或 screen（大屏所需）');
  });
});
