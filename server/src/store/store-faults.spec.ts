import { KurrentDBClient, jsonEvent } from '@kurrent/kurrentdb-client';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from './event-store.port';
import { storeFaultOf } from './store-faults';

/** The errors are the real ones, from the real clients, not hand-made lookalikes. */
describe('storeFaultOf', () => {
  it('calls a refused KurrentDB connection unavailable (503), as the client really reports it', async () => {
    const client = KurrentDBClient.connectionString('kurrentdb://127.0.0.1:1?tls=false');
    try {
      const error = await client.appendToStream('fault-probe', [jsonEvent({ type: 'Probe', data: {} })]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(storeFaultOf(error)).toBe('unavailable');
    } finally {
      await client.dispose();
    }
  }, 30_000);

  it('calls a SQLite file that cannot be opened unavailable, and our own StoreUnavailableError too', () => {
    let error: unknown;
    try {
      new Database('/proc/version/events.db');
    } catch (e) {
      error = e;
    }
    expect(storeFaultOf(error)).toBe('unavailable');
    expect(storeFaultOf(new StoreUnavailableError('closed'))).toBe('unavailable');
  });

  it('tells a full disk apart (507), by SQLite code and by errno', () => {
    expect(storeFaultOf(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe('disk_full');
    expect(storeFaultOf(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }))).toBe('disk_full');
  });

  it('leaves every other error alone', () => {
    expect(storeFaultOf(new Error('boom'))).toBeNull();
    expect(storeFaultOf(Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBeNull();
    expect(storeFaultOf(undefined)).toBeNull();
  });
});
