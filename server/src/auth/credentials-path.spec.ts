import { resolve } from 'node:path';
import { credentialsPath } from './credentials-path';

describe('credentialsPath', () => {
  it('sits beside the SQLite event store by default', () => {
    expect(credentialsPath({ eventStoreUrl: 'sqlite:./data/events.db' }, {})).toBe(resolve('./data/credentials.db'));
    expect(credentialsPath({ eventStoreUrl: 'sqlite:/tmp/run-1/events.db' }, {})).toBe('/tmp/run-1/credentials.db');
    expect(credentialsPath({ eventStoreUrl: 'sqlite::memory:' }, {})).toBe(':memory:');
  });

  it('is ./data/credentials.db with KurrentDB, and CREDENTIALS_PATH wins over both', () => {
    expect(credentialsPath({ eventStoreUrl: 'kurrentdb://kurrentdb:2113?tls=false' }, {})).toBe(resolve('./data/credentials.db'));
    expect(credentialsPath({ eventStoreUrl: 'sqlite:./data/events.db' }, { CREDENTIALS_PATH: '/srv/secrets/creds.db' })).toBe(
      '/srv/secrets/creds.db',
    );
  });
});
