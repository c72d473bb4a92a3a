import { ConfigError, loadConfig, parseStoreUrl, redact } from './config';

describe('configuration', () => {
  it('defaults to the embedded store on port 3000 with the demo', () => {
    expect(loadConfig({})).toMatchObject({ port: 3000, eventStoreUrl: 'sqlite:./data/events.db', demo: 'auto' });
  });

  it('reads sqlite paths and KurrentDB connection strings', () => {
    expect(parseStoreUrl('sqlite:/var/data/e.db')).toEqual({ kind: 'sqlite', path: '/var/data/e.db' });
    expect(parseStoreUrl('kurrentdb://db:2113?tls=false')).toEqual({ kind: 'kurrentdb', url: 'kurrentdb://db:2113?tls=false' });
    expect(parseStoreUrl('esdb+discover://a:2113,b:2113').kind).toBe('kurrentdb');
  });

  it('rejects malformed values with a line a person can act on', () => {
    expect(() => parseStoreUrl('postgres://x')).toThrow(/not understood: use sqlite:<path> or kurrentdb/);
    expect(() => parseStoreUrl('sqlite:')).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be a port number/);
    expect(() => loadConfig({ DEMO: 'yes' })).toThrow(/DEMO must be auto, off or live/);
  });

  it('never prints a password', () => {
    expect(redact('kurrentdb://admin:changeit@db:2113')).toBe('kurrentdb://admin:***@db:2113');
  });
});
