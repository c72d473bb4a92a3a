import { SqliteEventStore } from '../store/sqlite-event-store';
import { IdempotencyIndex } from './idempotency-index';

describe('idempotency index', () => {
  it('answers a key with the last event its command appended, per actor, from the stored log (so it rebuilds on restart)', async () => {
    const store = new SqliteEventStore(':memory:');
    const meta = (key: string, actor: string) => ({ idempotencyKey: key, actor: { id: actor, name: actor, role: 'admin' } });
    await store.append(
      'project-p1',
      [
        { id: 'a', type: 'ProjectStageAdvanced', data: {}, meta: meta('k1', 'li') },
        { id: 'b', type: 'ProjectStageAdvanced', data: {}, meta: meta('k1', 'li') },
      ],
      'no_stream',
    );
    await store.append('project-p2', [{ id: 'c', type: 'ProjectRegistered', data: {}, meta: meta('k1', 'wang') }], 'no_stream');

    const index = new IdempotencyIndex();
    (await store.readAll()).forEach((event) => index.apply(event));
    expect(index.find('li', 'k1')?.answer).toEqual({ id: 'p1', stream: 'project-p1', revision: 1, position: '2' });
    expect(index.find('wang', 'k1')?.answer).toEqual({ id: 'p2', stream: 'project-p2', revision: 0, position: '3' });
    expect(index.find('li', 'k2')).toBeUndefined();
    await store.close();
  });
});
