import { Api, expectFieldErrors } from './support/http-client';
import { RunningServer, startServer } from './support/server';

describe('security on the wire', () => {
  let server: RunningServer;
  let api: Api;
  let admin: string;

  beforeAll(async () => {
    server = await startServer({ env: { ADMIN_PASSWORD: 'security-admin-password' } });
    api = new Api(server.url);
    admin = await api.login('admin', 'security-admin-password');
  });
  afterAll(() => server?.stop());

  it('answers every request with the security headers and no x-powered-by', async () => {
    for (const path of ['/api/health', '/api/board', '/metrics', '/api/nothing-here']) {
      const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${admin}` } });
      const csp = response.headers.get('content-security-policy') ?? '';
      expect({ path, csp: /script-src 'self'(;|$)/.test(csp), frames: /frame-ancestors 'self'/.test(csp) }).toEqual({
        path,
        csp: true,
        frames: true,
      });
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('HEAD works wherever GET does', async () => {
    for (const path of ['/api/health', '/api/board', '/api/map', '/api/events?limit=1']) {
      const get = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${admin}` } });
      const head = await fetch(`${server.url}${path}`, { method: 'HEAD', headers: { authorization: `Bearer ${admin}` } });
      expect({ path, status: head.status, body: (await head.text()).length }).toEqual({ path, status: get.status, body: 0 });
    }
  });

  it("reads only the application's own streams from the audit log, never a system stream or a made-up name", async () => {
    for (const stream of ['$all', '$settings', '$et-ProjectRegistered', 'secrets', 'project-']) {
      expectFieldErrors(await api.get(`/api/events?stream=${encodeURIComponent(stream)}`, admin), [
        { field: 'stream', code: 'invalid_stream' },
      ]);
    }
    const own = await api.get('/api/events?stream=account-admin', admin);
    expect(own.status).toBe(200);
    expect(own.body.events[0]).toMatchObject({ type: 'AccountCreated', stream: 'account-admin' });
  });
});
