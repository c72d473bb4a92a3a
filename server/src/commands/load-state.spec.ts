import { projectDecider } from '@battlemap/events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, ReadStreamOptions } from '../store/event-store.port';
import { SqliteEventStore } from '../store/sqlite-event-store';
import { handleCommand } from './command-handler';
import { STREAM_CACHE_LIMIT, loadState } from './load-state';
import { actor, register, report } from './project-commands.fixture';

/** The real store, with every readStream's options written down. */
function recording(store: SqliteEventStore): { store: EventStore; reads: { stream: string; options?: ReadStreamOptions }[] } {
  const reads: { stream: string; options?: ReadStreamOptions }[] = [];
  const readStream = store.readStream.bind(store);
  store.readStream = (stream, options) => {
    reads.push({ stream, options });
    return readStream(stream, options);
  };
  return { store, reads };
}

describe('loadState keeps the streams commands read lately', () => {
  let dir: string;
  let sqlite: SqliteEventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'battlemap-load-state-'));
    sqlite = new SqliteEventStore(join(dir, 'events.db'));
    await handleCommand(sqlite, 'project-p1', projectDecider, register('p1'), { actor });
  });
  afterEach(async () => {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads only the events after the ones it has, and folds the same state as a whole read', async () => {
    const { store, reads } = recording(sqlite);
    await loadState(store, 'project-p1', projectDecider);
    await handleCommand(store, 'project-p1', projectDecider, report('2026-04', 40), { actor });
    await handleCommand(store, 'project-p1', projectDecider, report('2026-05', 55), { actor });
    reads.length = 0;
    const loaded = await loadState(store, 'project-p1', projectDecider);
    // The second report's command read revisions 0–1; only what it appended (revision 2) is read now.
    expect(reads).toEqual([{ stream: 'project-p1', options: { from: 2 } }]);
    expect(loaded.revision).toBe(2);
    expect(loaded.events.map((e) => e.revision)).toEqual([0, 1, 2]);
    const fresh = await sqlite.readStream('project-p1');
    expect(loaded.events).toEqual(fresh.events);
    // A whole read on a store the cache has never seen folds to the same state.
    const other = new SqliteEventStore(sqlite.path);
    try {
      expect((await loadState(other, 'project-p1', projectDecider)).state).toEqual(loaded.state);
    } finally {
      await other.close();
    }
  });

  it('sees what another process appended to the same file since', async () => {
    await loadState(sqlite, 'project-p1', projectDecider);
    const other = new SqliteEventStore(sqlite.path);
    try {
      await handleCommand(other, 'project-p1', projectDecider, report('2026-06', 70), { actor });
    } finally {
      await other.close();
    }
    const loaded = await loadState(sqlite, 'project-p1', projectDecider);
    expect(loaded.revision).toBe(1);
    expect(loaded.events.at(-1)?.data).toMatchObject({ month: '2026-06', progress: 70 });
  });

  it('never serves what a unit of work appended and then rolled back', async () => {
    await loadState(sqlite, 'project-p1', projectDecider);
    await expect(
      sqlite.unitOfWork(async () => {
        await handleCommand(sqlite, 'project-p1', projectDecider, report('2026-03'), { actor });
        // Read inside the unit: the store's own cache answers, ours is left alone.
        expect((await loadState(sqlite, 'project-p1', projectDecider)).revision).toBe(1);
        throw new Error('the import stopped');
      }),
    ).rejects.toThrow('the import stopped');
    const loaded = await loadState(sqlite, 'project-p1', projectDecider);
    expect(loaded.revision).toBe(0);
    expect(loaded.events).toHaveLength(1);
    // And the next command lands on revision 1, chained to the registration.
    const answer = await handleCommand(sqlite, 'project-p1', projectDecider, report('2026-02'), { actor });
    expect(answer.revision).toBe(1);
  });

  it('hands out copies: a caller that changes its list does not change the next one', async () => {
    const first = await loadState(sqlite, 'project-p1', projectDecider);
    first.events.pop();
    const second = await loadState(sqlite, 'project-p1', projectDecider);
    expect(second.events).toHaveLength(1);
    expect(second.revision).toBe(0);
  });

  it('answers a stream that does not exist as not existing, and keeps no entry for it', async () => {
    const { store, reads } = recording(sqlite);
    const loaded = await loadState(store, 'project-none', projectDecider);
    expect(loaded).toMatchObject({ exists: false, revision: -1, events: [] });
    await handleCommand(store, 'project-none', projectDecider, register('none'), { actor });
    reads.length = 0;
    expect((await loadState(store, 'project-none', projectDecider)).revision).toBe(0);
    // The registration above cached nothing for it (the stream did not exist); this read was whole.
    expect(reads).toEqual([{ stream: 'project-none', options: undefined }]);
  });

  it('folds only the events after those it folded before, onto the state they gave, whoever appended them', async () => {
    // The same decider, counting the events it folds.
    let folded = 0;
    const counting: typeof projectDecider = {
      ...projectDecider,
      evolve: (state, event) => {
        folded += 1;
        return projectDecider.evolve(state, event);
      },
    };
    const whole = async () => {
      const fresh = new SqliteEventStore(sqlite.path);
      try {
        return (await loadState(fresh, 'project-p1', projectDecider)).state;
      } finally {
        await fresh.close();
      }
    };
    const today = { today: '2026-06-15' };
    await loadState(sqlite, 'project-p1', counting);
    expect(folded).toBe(1);
    // This process moves the project on, with its own commands (which load it too).
    await handleCommand(
      sqlite,
      'project-p1',
      counting,
      { type: 'AdvanceStage', data: { stage: 'started', on: '2026-03-01' }, meta: today },
      { actor },
    );
    await handleCommand(sqlite, 'project-p1', counting, report('2026-04', 40), { actor });
    folded = 0;
    const afterOwn = await loadState(sqlite, 'project-p1', counting);
    expect(folded).toBe(1);
    expect(afterOwn.state).toEqual(await whole());
    expect(afterOwn.state).toMatchObject({ stage: 'started', stalled: false });
    // Another process stalls it and renames it.
    const other = new SqliteEventStore(sqlite.path);
    try {
      await handleCommand(
        other,
        'project-p1',
        projectDecider,
        { type: 'MarkStalled', data: { on: '2026-05-02', reason: '资金未到位' }, meta: today },
        { actor },
      );
      await handleCommand(
        other,
        'project-p1',
        projectDecider,
        { type: 'AmendProject', data: { name: '青川铝合金项目' }, meta: today },
        { actor },
      );
    } finally {
      await other.close();
    }
    folded = 0;
    const afterOther = await loadState(sqlite, 'project-p1', counting);
    expect(folded).toBe(2);
    expect(afterOther.state).toEqual(await whole());
    expect(afterOther.state).toMatchObject({ stage: 'started', stalled: true, name: '青川铝合金项目' });
    // Another decider for the same stream never takes over this one's state: it folds the whole stream.
    folded = 0;
    expect((await loadState(sqlite, 'project-p1', projectDecider)).state).toEqual(afterOther.state);
    await loadState(sqlite, 'project-p1', counting);
    expect(folded).toBe(5);
  });

  it(`keeps at most ${STREAM_CACHE_LIMIT} streams, dropping the one read longest ago`, async () => {
    const { store, reads } = recording(sqlite);
    await sqlite.unitOfWork(async () => {
      for (let i = 0; i < STREAM_CACHE_LIMIT; i++)
        await handleCommand(sqlite, `project-q${i}`, projectDecider, register(`q${i}`), { actor });
    });
    await loadState(store, 'project-p1', projectDecider);
    for (let i = 0; i < STREAM_CACHE_LIMIT; i++) await loadState(store, `project-q${i}`, projectDecider);
    reads.length = 0;
    await loadState(store, 'project-p1', projectDecider);
    await loadState(store, `project-q${STREAM_CACHE_LIMIT - 1}`, projectDecider);
    expect(reads.map((r) => r.options)).toEqual([undefined, { from: 1 }]);
  });
});
