import { runToExit, startServer, tempDataDir } from './support/server';

describe('server start and health', () => {
  it('answers GET /api/health with the store kind and position', async () => {
    const data = tempDataDir();
    const server = await startServer({ dataDir: data.dir });
    try {
      const response = await fetch(`${server.url}/api/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', store: 'sqlite', position: null, lag: 0, quarantined: [] });
    } finally {
      await server.stop();
      data.remove();
    }
  });

  it('stops with one clear line on a malformed EVENTSTORE_URL', async () => {
    const { code, output } = await runToExit({ EVENTSTORE_URL: 'mysql://localhost/events' });
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      'battlemap: cannot start: EVENTSTORE_URL "mysql://localhost/events" is not understood: use sqlite:<path> or kurrentdb://host:2113?tls=false',
    );
  });

  it('stops with one clear line when the SQLite file cannot be opened', async () => {
    const { code, output } = await runToExit({ EVENTSTORE_URL: 'sqlite:/etc/hostname/battlemap/events.db' });
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(output).toMatch(/^battlemap: cannot start: cannot open the SQLite event store at \/etc\/hostname\/battlemap\/events.db/);
  });

  it('stops with one clear line when KurrentDB is unreachable', async () => {
    const { code, output } = await runToExit({ EVENTSTORE_URL: 'kurrentdb://127.0.0.1:1?tls=false' });
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(output).toMatch(/^battlemap: cannot start: .*127\.0\.0\.1:1/);
  }, 30_000);
});
