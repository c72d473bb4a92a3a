import { BOARD_NAMESPACE } from '@battlemap/events';
import { io } from 'socket.io-client';
import { Api } from './support/http-client';
import { RunningServer, startServer } from './support/server';

const ADMIN_PASSWORD = 'limits-admin-password';
const ALLOWED_ORIGIN = 'https://board.example.gov.cn';

/**
 * Budgets, lowered by their environment knobs so a test can spend them: writes per account and per
 * address, expensive reads per account, login failures per username; the socket's message size and
 * origin allow-list. TRUST_PROXY=true lets the test speak from many addresses through X-Forwarded-For.
 */
describe('rate limits and socket limits', () => {
  let server: RunningServer;
  let api: Api;
  let admin: string;

  beforeAll(async () => {
    server = await startServer({
      env: {
        ADMIN_PASSWORD,
        TRUST_PROXY: 'true',
        RATE_LIMIT_COMMANDS: '6',
        RATE_LIMIT_ADDRESS: '40',
        RATE_LIMIT_EXPENSIVE: '3',
        CORS_ORIGINS: ALLOWED_ORIGIN,
      },
    });
    api = new Api(server.url);
    admin = await api.login('admin', ADMIN_PASSWORD);
  });
  afterAll(() => server?.stop());

  const from = (address: string) => ({ 'x-forwarded-for': address });

  it('stops an account after its commands a minute with a 429, Retry-After and a Chinese message; others go on', async () => {
    await api.request(
      'POST',
      '/api/accounts',
      { username: 'auditor-1', displayName: '审计一', role: 'auditor', password: 'auditor-password-1' },
      { token: admin, headers: from('10.0.0.1') },
    );
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const answer = await api.request(
        'POST',
        '/api/regions',
        { id: `lim-${i}`, name: `限流区${i}`, kind: 'county' },
        { token: admin, headers: from(`10.0.1.${i}`) },
      );
      statuses.push(answer.status);
    }
    // The account creation above spent one: five regions pass, the sixth is refused.
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    const refused = await api.request(
      'POST',
      '/api/regions',
      { id: 'lim-x', name: '限流区X', kind: 'county' },
      { token: admin, headers: from('10.0.2.1') },
    );
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: 'too_many_requests', message: expect.stringMatching(/提交操作过于频繁，请 \d+ 秒后再试/) });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Nothing was written by the refused commands.
    expect((await api.get('/api/events?stream=region-lim-x', admin)).body.events).toEqual([]);
    // Reads go on for the same account, and another account still writes.
    expect((await api.get('/api/board', admin)).status).toBe(200);
    const auditor = await api.login('auditor-1', 'auditor-password-1');
    expect((await api.request('POST', '/api/auth/logout', {}, { token: auditor, headers: from('10.0.3.1') })).status).toBe(200);
  });

  it('budgets expensive reads (verify, replays, the whole log) per account, not the live board', async () => {
    const auditor = await api.login('auditor-1', 'auditor-password-1');
    const paths = ['/api/audit/verify', '/api/board?on=2026-01-01', '/api/events?limit=1', '/api/audit/verify'];
    const statuses = [];
    for (const path of paths) statuses.push((await api.get(path, auditor)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    for (let i = 0; i < 5; i++) expect((await api.get('/api/board', auditor)).status).toBe(200);
  });

  it('stops failed logins from one address at ten a minute, and any flood of writes from it at its budget', async () => {
    const guesses = [];
    for (let i = 0; i < 12; i++) {
      guesses.push(
        (
          await api.request(
            'POST',
            '/api/auth/login',
            { username: `nobody-${i}`, password: 'x'.repeat(12) },
            { headers: from('203.0.113.9') },
          )
        ).status,
      );
    }
    expect(guesses).toEqual([...Array(10).fill(401), 429, 429]);
    // Right passwords from one address: the address's write budget (40 a minute here) still ends them.
    const logins = [];
    for (let i = 0; i < 41; i++) {
      logins.push(
        (await api.request('POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD }, { headers: from('192.0.2.50') }))
          .status,
      );
    }
    expect(logins.slice(0, 40).every((s) => s === 200)).toBe(true);
    expect(logins[40]).toBe(429);
    const elsewhere = await api.request(
      'POST',
      '/api/auth/login',
      { username: 'admin', password: ADMIN_PASSWORD },
      { headers: from('198.51.100.7') },
    );
    expect(elsewhere.status).toBe(200);
  });

  it('locks one username after many failures from many addresses, even for the right password, and no other', async () => {
    await api.request(
      'POST',
      '/api/accounts',
      { username: 'target', displayName: '目标', role: 'auditor', password: 'target-password-1' },
      { token: await api.login('admin', ADMIN_PASSWORD), headers: from('10.9.0.1') },
    );
    const statuses = [];
    for (let i = 0; i < 20; i++) {
      statuses.push(
        (
          await api.request(
            'POST',
            '/api/auth/login',
            { username: 'target', password: `guess-${i}-xxxxxx` },
            { headers: from(`172.16.${i}.1`) },
          )
        ).status,
      );
    }
    expect(statuses.every((s) => s === 401)).toBe(true);
    const right = await api.request(
      'POST',
      '/api/auth/login',
      { username: 'target', password: 'target-password-1' },
      { headers: from('172.17.0.1') },
    );
    expect(right.status).toBe(429);
    expect(right.body.message).toContain('该账号登录失败次数过多');
    const other = await api.request(
      'POST',
      '/api/auth/login',
      { username: 'auditor-1', password: 'auditor-password-1' },
      { headers: from('172.17.0.2') },
    );
    expect(other.status).toBe(200);
  });

  function socketFrom(origin?: string) {
    return io(`${server.url}${BOARD_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token: admin },
      ...(origin && { extraHeaders: { origin } }),
    });
  }

  function outcome(socket: ReturnType<typeof io>): Promise<'connected' | 'refused'> {
    return new Promise((resolve) => {
      // It may have connected already, while the test awaited another socket.
      if (socket.connected) resolve('connected');
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', () => resolve('refused'));
    });
  }

  it('takes socket handshakes from its own pages, the allow-listed origin and non-browsers; refuses other origins', async () => {
    admin = await api.login('admin', ADMIN_PASSWORD);
    const cases: [string | undefined, string][] = [
      [undefined, 'connected'],
      [ALLOWED_ORIGIN, 'connected'],
      [server.url.replace(/\/$/, ''), 'connected'],
      ['https://evil.example', 'refused'],
    ];
    for (const [origin, wanted] of cases) {
      const socket = socketFrom(origin);
      expect({ origin, result: await outcome(socket) }).toEqual({ origin, result: wanted });
      socket.close();
    }
  });

  it('cuts a socket that sends a message over the size limit, and serves the others', async () => {
    const big = socketFrom();
    const small = socketFrom();
    expect(await outcome(big)).toBe('connected');
    expect(await outcome(small)).toBe('connected');
    const closed = new Promise<string>((resolve) => big.once('disconnect', (reason) => resolve(reason)));
    big.emit('subscribe', { region: 'x'.repeat(64 * 1024) });
    expect(await closed).toBe('transport close');
    const ack = await small.timeout(5_000).emitWithAck('subscribe', {});
    expect(ack).toMatchObject({ ok: true });
    small.close();
  });
});
