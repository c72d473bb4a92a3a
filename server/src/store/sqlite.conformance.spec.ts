import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runConformance, until } from './event-store.conformance';
import type { RecordedEvent } from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

const dir = mkdtempSync(join(tmpdir(), 'battlemap-conformance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

runConformance({
  name: 'sqlite',
  open: async () => new SqliteEventStore(join(dir, `store-${++n}`, 'events.db')),
  openAnother: async (store) => new SqliteEventStore((store as SqliteEventStore).path),
});

describe('sqlite durability', () => {
  it('keeps every append that returned when the writer is killed with SIGKILL part-way', async () => {
    const path = join(dir, 'durability', 'events.db');
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'durability-writer.fixture.ts'), path, '1000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acknowledged: number[] = [];
    let buffer = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) if (line.startsWith('ok ')) acknowledged.push(Number(line.slice(3)));
        if (acknowledged.length >= 300 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    expect(child.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    expect(acknowledged.length).toBeLessThan(1000);

    const reopened = new SqliteEventStore(path);
    const { events } = await reopened.readStream('durable');
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
    const stored = new Set(events.map((e) => e.revision));
    expect(acknowledged.every((revision) => stored.has(revision))).toBe(true);
    await reopened.close();
  }, 60_000);
});

describe('sqlite reads by limit', () => {
  it('gives the same events for every limit, those whose statement is kept and those bound past them', async () => {
    const store = new SqliteEventStore(join(dir, 'limits', 'events.db'));
    const s = 'project-limits';
    await store.append(
      s,
      Array.from({ length: 30 }, (_, n) => ({ id: crypto.randomUUID(), type: 'ProgressReported', data: { n }, meta: {} })),
      'no_stream',
    );
    const whole = (await store.readStream(s)).events;
    const all = await store.readAll();
    expect(whole.map((e) => e.revision)).toEqual(Array.from({ length: 30 }, (_, n) => n));
    // Two rounds: the first prepares the kept statements, the second runs them again; limits past the 16 kept are bound.
    for (const round of [1, 2]) {
      for (let limit = 0; limit <= 40; limit++) {
        const at = `round ${round}, limit ${limit}`;
        expect([at, (await store.readStream(s, { limit })).events]).toEqual([at, whole.slice(0, limit)]);
        expect([at, (await store.readStream(s, { from: 5, limit })).events]).toEqual([at, whole.slice(5, 5 + limit)]);
        const backwards = (await store.readStream(s, { direction: 'backwards', from: 20, limit })).events;
        expect([at, backwards]).toEqual([at, whole.slice(Math.max(0, 21 - limit), 21).reverse()]);
        expect([at, await store.readAll({ after: all[2].position, limit })]).toEqual([at, all.slice(3, 3 + limit)]);
        expect([at, await store.readAll({ direction: 'backwards', limit })]).toEqual([
          at,
          all
            .slice(-limit || all.length)
            .reverse()
            .slice(0, limit),
        ]);
      }
    }
    await store.close();
  });
});

describe('sqlite group commit', () => {
  const event = (n: number) => ({ id: crypto.randomUUID(), type: 'ProgressReported', data: { n }, meta: {} });
  /** Frames in the write-ahead log (while a store has it open): each durable transaction writes its own. */
  const walFrames = (path: string): number => {
    const db = new Database(path);
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    db.close();
    return log;
  };

  it('appends that arrive together commit in one transaction; a conflict among them fails only itself', async () => {
    const apart = join(dir, 'group-apart', 'events.db');
    const one = new SqliteEventStore(apart);
    for (let n = 0; n < 20; n++) await one.append(`s-${n}`, [event(n)], 'no_stream');
    const framesApart = walFrames(apart);
    await one.close();

    const together = join(dir, 'group-together', 'events.db');
    const store = new SqliteEventStore(together);
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, n) => store.append(`s-${n}`, [event(n)], 'no_stream')),
      store.append('s-3', [event(99)], 'no_stream'),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(20);
    expect(outcomes[20]).toMatchObject({ status: 'rejected', reason: { name: 'WrongExpectedRevisionError' } });
    const positions = outcomes.slice(0, 20).map((o) => BigInt((o as PromiseFulfilledResult<{ position: string }>).value.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    expect((await store.readStream('s-3')).events.map((e) => e.data)).toEqual([{ n: 3 }]);
    const framesTogether = walFrames(together);
    await store.close();
    expect(framesTogether * 4).toBeLessThan(framesApart);
  });
});

describe('sqlite units of work', () => {
  const event = (n: number) => ({ id: crypto.randomUUID(), type: 'ProgressReported', data: { n }, meta: {} });

  it("a unit's reads of a stream follow what another process or another request appended between its transactions", async () => {
    const path = join(dir, 'unit-cache', 'events.db');
    const store = new SqliteEventStore(path);
    const otherProcess = new SqliteEventStore(path);
    let go!: () => void;
    const otherRequest = new Promise<void>((resolve) => (go = resolve)).then(() => store.append('t', [event(7)], 'any'));
    const seen = await store.unitOfWork(async (unit) => {
      const reads: number[] = [];
      const count = async (stream: string) => (await store.readStream(stream)).events.length;
      reads.push(await count('s'), await count('t'));
      await store.append('s', [event(1)], 'no_stream');
      reads.push(await count('s'));
      await unit.commit();
      go();
      await otherRequest;
      reads.push(await count('t'));
      await otherProcess.append('s', [event(2)], 0);
      reads.push(await count('s'));
      // A failed append leaves the unit's view as the store has it.
      await expect(store.append('s', [event(3)], 0)).rejects.toThrow('expected revision 0');
      reads.push(await count('s'));
      return reads;
    });
    expect(seen).toEqual([0, 0, 1, 1, 2, 2]);
    expect((await store.readStream('s')).events.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    await otherProcess.close();
    await store.close();
  });
});

describe('sqlite positions', () => {
  const event = (n: number) => ({ id: crypto.randomUUID(), type: 'ProgressReported', data: { n }, meta: {} });

  it('never hands out a position twice, even after the newest rows were deleted from the file', async () => {
    const path = join(dir, 'positions', 'events.db');
    const store = new SqliteEventStore(path);
    for (let n = 0; n < 3; n++) await store.append('s', [event(n)], 'any');
    const head = await store.headPosition();
    await store.close();
    const db = new Database(path);
    db.prepare('DELETE FROM events WHERE position = ?').run(Number(head));
    db.close();

    const reopened = new SqliteEventStore(path);
    const next = await reopened.append('other', [event(9)], 'any');
    expect(BigInt(next.position)).toBeGreaterThan(BigInt(head!));
    await reopened.close();
  });

  it('upgrades a store made before positions were AUTOINCREMENT, keeping every position', async () => {
    const path = join(dir, 'old-schema', 'events.db');
    mkdirSync(dirname(path), { recursive: true });
    const old = new Database(path);
    old.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, revision INTEGER NOT NULL, id TEXT NOT NULL,
      type TEXT NOT NULL, data TEXT NOT NULL, meta TEXT NOT NULL, recorded_at INTEGER NOT NULL, UNIQUE (stream, revision), UNIQUE (stream, id))`);
    const insert = old.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    insert.run(1, 's', 0, 'a', 'ProgressReported', '{}', '{"recordedAt":1}', 1);
    insert.run(7, 's', 1, 'b', 'ProgressReported', '{}', '{"recordedAt":2}', 2);
    old.close();

    const store = new SqliteEventStore(path);
    expect((await store.readAll()).map((e) => [e.position, e.id])).toEqual([
      ['1', 'a'],
      ['7', 'b'],
    ]);
    await store.close();
    const raw = new Database(path);
    raw.prepare('DELETE FROM events WHERE position = 7').run();
    raw.close();
    const again = new SqliteEventStore(path);
    expect((await again.append('t', [event(1)], 'any')).position).toBe('8');
    await again.close();
  });
});

describe("sqlite subscribers and the connection's own appends", () => {
  const event = (n: number) => ({ id: crypto.randomUUID(), type: 'ProgressReported', data: { n }, meta: {} });
  const collect = (store: SqliteEventStore, count: number) =>
    new Promise<RecordedEvent[]>((resolve) => {
      const seen: RecordedEvent[] = [];
      const subscription = store.subscribeAll(
        {},
        {
          onEvent: (e) => {
            seen.push(e);
            if (seen.length === count) {
              void subscription.close();
              resolve(seen);
            }
          },
        },
      );
    });

  it('get the data objects it committed (group commit and units), a rolled-back unit never, and rows from elsewhere read from the file', async () => {
    const path = join(dir, 'own-appends', 'events.db');
    const store = new SqliteEventStore(path);
    const otherProcess = new SqliteEventStore(path);
    const grouped = [event(1), event(2)];
    await Promise.all([store.append('a', [grouped[0]], 'no_stream'), store.append('b', [grouped[1]], 'no_stream')]);
    const inUnit = event(3);
    await store.unitOfWork(async () => {
      await store.append('a', [inUnit], 0);
    });
    const rolledBack = event(4);
    await expect(
      store.unitOfWork(async () => {
        await store.append('c', [rolledBack], 'no_stream');
        throw new Error('the unit fails');
      }),
    ).rejects.toThrow('the unit fails');
    const fromElsewhere = event(5);
    await otherProcess.append('c', [fromElsewhere], 'no_stream');

    const seen = await collect(store, 4);
    expect(seen.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 5 }]);
    expect(seen[0].data).toBe(grouped[0].data);
    expect(seen[1].data).toBe(grouped[1].data);
    expect(seen[2].data).toBe(inUnit.data);
    expect(seen[3].data).not.toBe(fromElsewhere.data);
    // As the file has them: the same fields a fresh connection reads (recordedAt included).
    const fresh = await collect(otherProcess, 4);
    expect(seen).toEqual(fresh);
    await otherProcess.close();
    await store.close();
  });
});

describe('sqlite filtered subscriptions', () => {
  /** `rows` written straight into the file, one transaction: a long log in a second, positions 1…n. */
  const fill = (path: string, rows: { stream: string; type: string }[]) => {
    const db = new Database(path);
    const insert = db.prepare('INSERT INTO events (stream, revision, id, type, data, meta, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    db.transaction(() =>
      rows.forEach((row, i) => insert.run(row.stream, i, `e-${i}`, row.type, JSON.stringify({ i }), '{"recordedAt":0}', 0)),
    )();
    db.close();
  };

  it('catch up over a long log where little matches (past whole scan windows of nothing), then go live, in order', async () => {
    const path = join(dir, 'filtered', 'events.db');
    await new SqliteEventStore(path).close();
    // 130,000 rows: nothing matches for more than two scan windows (50,000 positions each), then a run of
    // 1,500 matches (more than one read's limit), a stream-prefix match, the last row a match.
    const wanted = new Map<number, { stream: string; type: string }>([
      [3, { stream: 'a-0', type: 'Wanted' }],
      [120_000, { stream: 'keep-1', type: 'Other' }],
      [130_000, { stream: 'a-0', type: 'Wanted' }],
    ]);
    for (let p = 110_001; p <= 111_500; p++) wanted.set(p, { stream: 'a-0', type: 'Wanted' });
    fill(
      path,
      Array.from({ length: 130_000 }, (_, i) => wanted.get(i + 1) ?? { stream: `b-${i}`, type: 'Other' }),
    );
    const store = new SqliteEventStore(path);
    const seen: string[] = [];
    let caughtUpAt: string | null | undefined;
    let seenWhenCaughtUp = -1;
    const sub = store.subscribeAll(
      { filter: { eventTypes: ['Wanted'], streamPrefixes: ['keep-'] } },
      {
        onEvent: (e) => void seen.push(e.position),
        onCaughtUp: (position) => {
          caughtUpAt = position;
          seenWhenCaughtUp = seen.length;
        },
      },
    );
    try {
      await until(() => caughtUpAt !== undefined);
      const expected = [...wanted.keys()].sort((a, b) => a - b).map(String);
      expect(seenWhenCaughtUp).toBe(expected.length);
      expect(seen).toEqual(expected);
      expect(caughtUpAt).toBe('130000');

      await store.append('b-live', [{ id: 'x', type: 'Other', data: {}, meta: {} }], 'any');
      const { position } = await store.append('keep-live', [{ id: 'y', type: 'Other', data: {}, meta: {} }], 'any');
      await until(() => seen.length === expected.length + 1);
      expect(seen.at(-1)).toBe(position);
    } finally {
      await sub.close();
      await store.close();
    }
  }, 60_000);
});
