import { StaleRevisionError, projectDecider } from '@battlemap/events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../store/sqlite-event-store';
import { handleCommand } from './command-handler';
import { actor, register as registerProject, report } from './project-commands.fixture';

const register = registerProject('p1');

describe('handleCommand under concurrent writers', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'battlemap-handler-'));
    store = new SqliteEventStore(join(dir, 'events.db'));
    await handleCommand(store, 'project-p1', projectDecider, register, { actor });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('decides again on the stream as it now is when another process got in first and no revision was named', async () => {
    // Two connections to one file: two server processes. Each loads, the first to commit wins the round.
    const other = new SqliteEventStore(store.path);
    const answers = await Promise.all([
      ...['2025-01', '2025-02'].map((month) => handleCommand(store, 'project-p1', projectDecider, report(month), { actor })),
      ...['2025-03', '2025-04'].map((month) => handleCommand(other, 'project-p1', projectDecider, report(month), { actor })),
    ]);
    await other.close();
    expect(answers.map((a) => a.revision).sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
    const { events } = await store.readStream('project-p1');
    for (let i = 1; i < events.length; i++) expect(events[i].meta.prevHash).toBe(events[i - 1].meta.hash);
  });

  it('runs the commands on one stream in this process in turn: eight at once all land, chained', async () => {
    // Both load revision 0 and append together: the second finds the stream moved on.
    const months = Array.from({ length: 8 }, (_, i) => `2025-0${i + 1}`);
    const answers = await Promise.all(months.map((month) => handleCommand(store, 'project-p1', projectDecider, report(month), { actor })));
    expect(answers.map((a) => a.revision).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const { events } = await store.readStream('project-p1');
    expect(events.filter((e) => e.type === 'ProgressReported')).toHaveLength(8);
    // The hash chain holds across the retried decisions.
    for (let i = 1; i < events.length; i++) expect(events[i].meta.prevHash).toBe(events[i - 1].meta.hash);
  });

  it('refuses (409) a command that named the revision it saw, when another writer got in first', async () => {
    const outcomes = await Promise.allSettled(
      ['2026-03', '2026-04'].map((month) =>
        handleCommand(store, 'project-p1', projectDecider, report(month), { actor, expectedRevision: 0 }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(StaleRevisionError);
  });
});
