import { comparePositions } from '@battlemap/events';
import { randomUUID } from 'node:crypto';
import { EventStore, NewEvent, RecordedEvent, WrongExpectedRevisionError } from './event-store.port';

/**
 * The one conformance suite both adapters pass. `open` gives a fresh, empty store for each test;
 * `openAnother` a second connection to the same store (to race writers).
 */
export interface ConformanceTarget {
  name: string;
  open(): Promise<EventStore>;
  openAnother(store: EventStore): Promise<EventStore>;
}

const ev = (type = 'ProgressReported', data: unknown = { n: 1 }): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  meta: { correlationId: randomUUID(), schema: 1 },
});

/** Streams are unique per test so a shared KurrentDB needs no cleaning. */
const streamName = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

function collect(store: EventStore, after?: string) {
  const seen: RecordedEvent[] = [];
  let caughtUp: string | null | undefined;
  const sub = store.subscribeAll(
    { after },
    {
      onEvent: (e) => void seen.push(e),
      onCaughtUp: (p) => (caughtUp = p),
    },
  );
  return { seen, sub, caughtUp: () => caughtUp };
}

export async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function runConformance(target: ConformanceTarget): void {
  describe(`event store conformance: ${target.name}`, () => {
    let store: EventStore;
    beforeEach(async () => (store = await target.open()));
    afterEach(async () => store.close());

    describe('append with an expected revision', () => {
      it('no_stream creates a stream and fails once it exists, writing nothing', async () => {
        const s = streamName('a');
        const first = await store.append(s, [ev(), ev()], 'no_stream');
        expect(first.revision).toBe(1);
        await expect(store.append(s, [ev()], 'no_stream')).rejects.toMatchObject({
          name: 'WrongExpectedRevisionError',
          expected: 'no_stream',
          actual: 1,
        });
        expect((await store.readStream(s)).events).toHaveLength(2);
      });

      it('stream_exists fails on a missing stream and passes on an existing one', async () => {
        const s = streamName('b');
        const error = await store.append(s, [ev()], 'stream_exists').catch((e) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
        expect((await store.readStream(s)).exists).toBe(false);
        await store.append(s, [ev()], 'any');
        expect((await store.append(s, [ev()], 'stream_exists')).revision).toBe(1);
      });

      it('any always appends', async () => {
        const s = streamName('c');
        expect((await store.append(s, [ev()], 'any')).revision).toBe(0);
        expect((await store.append(s, [ev(), ev()], 'any')).revision).toBe(2);
      });

      it('an exact revision passes only when it is the last revision', async () => {
        const s = streamName('d');
        await store.append(s, [ev(), ev(), ev()], 'no_stream');
        expect((await store.append(s, [ev()], 2)).revision).toBe(3);
        for (const stale of [2, 1, 4]) {
          await expect(store.append(s, [ev()], stale)).rejects.toMatchObject({ expected: stale, actual: 3 });
        }
        await expect(store.append(streamName('missing'), [ev()], 0)).rejects.toMatchObject({ actual: 'no_stream' });
        expect((await store.readStream(s)).events.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
      });

      it('a batch is atomic: a conflict writes none of it', async () => {
        const s = streamName('e');
        await store.append(s, [ev()], 'no_stream');
        const head = await store.headPosition();
        await expect(store.append(s, [ev(), ev(), ev()], 5)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.headPosition()).toBe(head);
      });
    });

    describe('idempotent retries', () => {
      it('the same ids at the same expected revision return the first result and store nothing new', async () => {
        const s = streamName('f');
        const batch = [ev(), ev()];
        const first = await store.append(s, batch, 'no_stream');
        const again = await store.append(s, batch, 'no_stream');
        expect(again).toEqual(first);
        expect((await store.readStream(s)).events).toHaveLength(2);
      });

      it('a retry after other appends still answers the first result', async () => {
        const s = streamName('g');
        const batch = [ev()];
        const first = await store.append(s, batch, 'no_stream');
        await store.append(s, [ev()], 0);
        expect(await store.append(s, batch, 'no_stream')).toEqual(first);
        expect((await store.readStream(s)).events).toHaveLength(2);
      });
    });

    describe('readStream', () => {
      it('reads a missing stream as not existing', async () => {
        expect(await store.readStream(streamName('none'))).toEqual({ exists: false, events: [] });
      });

      it('reads forwards and backwards, from a revision, with limits', async () => {
        const s = streamName('h');
        await store.append(
          s,
          [0, 1, 2, 3, 4].map((n) => ev('T', { n })),
          'no_stream',
        );
        const revs = (events: RecordedEvent[]) => events.map((e) => e.revision);
        expect(revs((await store.readStream(s)).events)).toEqual([0, 1, 2, 3, 4]);
        expect(revs((await store.readStream(s, { from: 2 })).events)).toEqual([2, 3, 4]);
        expect(revs((await store.readStream(s, { from: 1, limit: 2 })).events)).toEqual([1, 2]);
        expect(revs((await store.readStream(s, { direction: 'backwards' })).events)).toEqual([4, 3, 2, 1, 0]);
        expect(revs((await store.readStream(s, { direction: 'backwards', from: 3, limit: 2 })).events)).toEqual([3, 2]);
        const [e] = (await store.readStream(s, { from: 4 })).events;
        expect(e).toMatchObject({ stream: s, revision: 4, type: 'T', data: { n: 4 } });
        expect(typeof e.meta.recordedAt).toBe('number');
        expect(Math.abs(e.meta.recordedAt - Date.now())).toBeLessThan(60_000);
        expect(e.meta.schema).toBe(1);
      });
    });

    describe('readAll', () => {
      it('reads in position order with an exclusive after, both directions', async () => {
        const start = await store.headPosition();
        const a = streamName('i');
        const b = streamName('j');
        await store.append(a, [ev('A', { i: 0 })], 'any');
        await store.append(b, [ev('B', { i: 1 }), ev('B', { i: 2 })], 'any');
        await store.append(a, [ev('A', { i: 3 })], 'any');
        const ours = (events: RecordedEvent[]) => events.filter((e) => e.stream === a || e.stream === b);
        const all = ours(await store.readAll({ after: start ?? undefined }));
        expect(all.map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2, 3]);
        for (let k = 1; k < all.length; k++) expect(comparePositions(all[k - 1].position, all[k].position)).toBe(-1);
        const afterSecond = ours(await store.readAll({ after: all[1].position }));
        expect(afterSecond.map((e) => e.id)).toEqual([all[2].id, all[3].id]);
        const limited = await store.readAll({ after: all[0].position, limit: 2 });
        expect(limited.map((e) => e.id)).toEqual([all[1].id, all[2].id]);
        const backwards = await store.readAll({ direction: 'backwards', after: all[3].position, limit: 3 });
        expect(backwards.map((e) => e.id)).toEqual([all[2].id, all[1].id, all[0].id]);
        expect(await store.headPosition()).toBe(all[3].position);
      });
    });

    describe('subscribeAll', () => {
      it('catches up, signals it, then delivers live events in order', async () => {
        const start = await store.headPosition();
        const s = streamName('k');
        await store.append(s, [ev(), ev(), ev()], 'no_stream');
        const caughtUpAt = await store.headPosition();
        const { seen, sub, caughtUp } = collect(store, start ?? undefined);
        await until(() => caughtUp() !== undefined);
        expect(caughtUp()).toBe(caughtUpAt);
        expect(seen.map((e) => e.revision)).toEqual([0, 1, 2]);
        await store.append(s, [ev(), ev()], 2);
        await until(() => seen.length === 5);
        expect(seen.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        await sub.close();
      });

      it('filters by stream prefix and event type', async () => {
        const start = (await store.headPosition()) ?? undefined;
        const wanted = streamName('keep');
        await store.append(streamName('skip'), [ev('Other')], 'any');
        await store.append(wanted, [ev('Other')], 'any');
        await store.append(streamName('skip'), [ev('Wanted')], 'any');
        const seen: RecordedEvent[] = [];
        const sub = store.subscribeAll(
          { after: start, filter: { streamPrefixes: [wanted], eventTypes: ['Wanted'] } },
          { onEvent: (e) => void seen.push(e) },
        );
        await until(() => seen.length === 2);
        expect(seen.map((e) => e.type)).toEqual(['Other', 'Wanted']);
        await sub.close();
      });

      it('resubscribes after a handler error from the last applied position', async () => {
        const start = (await store.headPosition()) ?? undefined;
        const s = streamName('l');
        await store.append(s, [ev(), ev(), ev()], 'no_stream');
        const applied: number[] = [];
        const errors: Error[] = [];
        let failOnce = true;
        const sub = store.subscribeAll(
          { after: start },
          {
            onEvent: (e) => {
              if (e.revision === 1 && failOnce) {
                failOnce = false;
                throw new Error('projection hiccup');
              }
              applied.push(e.revision);
            },
            onError: (e) => void errors.push(e),
          },
        );
        await until(() => applied.length === 3);
        expect(applied).toEqual([0, 1, 2]);
        expect(errors.map((e) => e.message)).toEqual(['projection hiccup']);
        await sub.close();
      });
    });

    describe('units of work', () => {
      /**
       * Work to run in another async context (a request, a screen's subscription): its continuation is
       * registered here, outside any unit, and started with `go()` from inside one.
       */
      function outsider<T>(work: () => Promise<T>): { go: () => void; done: Promise<T> } {
        let go!: () => void;
        const done = new Promise<void>((resolve) => (go = resolve)).then(work);
        return { go, done };
      }

      it('inside, reads see the unit at once; outside, nothing until it commits, then all of it in order', async () => {
        const s = streamName('u');
        const before = await store.headPosition();
        const { seen, sub } = collect(store, before ?? undefined);
        const reader = outsider(async () => ({
          exists: (await store.readStream(s)).exists,
          head: await store.headPosition(),
          all: (await store.readAll({ after: before ?? undefined })).filter((e) => e.stream === s).length,
        }));
        let outside: Awaited<typeof reader.done> | undefined;
        const results = await store.unitOfWork(async () => {
          const first = await store.append(s, [ev('U', { i: 0 })], 'no_stream');
          const second = await store.append(s, [ev('U', { i: 1 })], first.revision);
          expect((await store.readStream(s)).events.map((e) => e.data)).toEqual([{ i: 0 }, { i: 1 }]);
          expect(await store.headPosition()).toBe(second.position);
          reader.go();
          outside = await reader.done;
          return [first, second];
        });
        if (store.atomicUnits) expect(outside).toEqual({ exists: false, head: before, all: 0 });
        expect(results.map((r) => r.revision)).toEqual([0, 1]);
        expect(comparePositions(results[0].position, results[1].position)).toBe(-1);
        await until(() => seen.filter((e) => e.stream === s).length === 2);
        expect(seen.filter((e) => e.stream === s).map((e) => e.position)).toEqual(results.map((r) => r.position));
        expect(await store.headPosition()).toBe(results[1].position);
        await sub.close();
      });

      it('work that throws leaves nothing since its last commit (atomic stores); commit() keeps what came before', async () => {
        const kept = streamName('kept');
        const lost = streamName('lost');
        await expect(
          store.unitOfWork(async (unit) => {
            await store.append(kept, [ev()], 'no_stream');
            await unit.commit();
            await store.append(lost, [ev(), ev()], 'no_stream');
            // A conflict inside the unit fails that append only, writing nothing of it.
            await expect(store.append(lost, [ev()], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
            expect((await store.readStream(lost)).events).toHaveLength(2);
            throw new Error('the work failed');
          }),
        ).rejects.toThrow('the work failed');
        expect((await store.readStream(kept)).events).toHaveLength(1);
        expect((await store.readStream(lost)).exists).toBe(!store.atomicUnits);
        // The store goes on serving: a later unit appends where the failed one left the stream.
        await store.unitOfWork(async () => void (await store.append(lost, [ev()], store.atomicUnits ? 'no_stream' : 1)));
        expect((await store.readStream(lost)).events).toHaveLength(store.atomicUnits ? 1 : 3);
      });

      it('an append from outside waits for the open unit and lands after it; units nest, and run one at a time', async () => {
        const inUnit = streamName('in');
        const fromOutside = streamName('out');
        const writer = outsider(() => store.append(fromOutside, [ev()], 'no_stream'));
        const nextUnit = outsider(() => store.unitOfWork(() => store.append(inUnit, [ev()], 'any')));
        const last = await store.unitOfWork(async () => {
          const first = await store.append(inUnit, [ev()], 'no_stream');
          writer.go();
          nextUnit.go();
          await new Promise((resolve) => setTimeout(resolve, 30));
          // A unit started inside this one joins it.
          return store.unitOfWork(() => store.append(inUnit, [ev()], first.revision));
        });
        const [outside, next] = await Promise.all([writer.done, nextUnit.done]);
        if (store.atomicUnits) {
          expect(comparePositions(last.position, outside.position)).toBe(-1);
          expect(comparePositions(last.position, next.position)).toBe(-1);
        }
        expect((await store.readStream(fromOutside)).events).toHaveLength(1);
        expect((await store.readStream(inUnit)).events.map((e) => e.revision)).toEqual([0, 1, 2]);
      });
    });

    describe('concurrency', () => {
      it('4 writers on different streams and 2 racing on one: no gap, no duplicate, exactly one racer wins', async () => {
        const start = (await store.headPosition()) ?? undefined;
        const { seen, sub } = collect(store, start);
        const writers = await Promise.all([1, 2, 3, 4, 5, 6].map(() => target.openAnother(store)));
        const perWriter = 25;
        const own = [0, 1, 2, 3].map(() => streamName('w'));
        const contested = streamName('race');
        await store.append(contested, [ev()], 'no_stream');

        const writeOwn = async (w: EventStore, s: string) => {
          for (let i = 0; i < perWriter; i++) {
            await w.append(s, [ev('W', { i })], i === 0 ? 'no_stream' : i - 1);
          }
        };
        const race = async (w: EventStore) => {
          const { events } = await w.readStream(contested, { direction: 'backwards', limit: 1 });
          await new Promise((r) => setTimeout(r, 5));
          return w.append(contested, [ev('Race')], events[0].revision).then(
            () => 'won',
            (e) => (e instanceof WrongExpectedRevisionError ? 'lost' : Promise.reject(e)),
          );
        };
        const [, , , , r1, r2] = await Promise.all([...own.map((s, k) => writeOwn(writers[k], s)), race(writers[4]), race(writers[5])]);
        expect([r1, r2].sort()).toEqual(['lost', 'won']);

        const total = perWriter * 4 + 2;
        await until(() => seen.length >= total);
        const mine = seen.filter((e) => own.includes(e.stream) || e.stream === contested);
        expect(mine).toHaveLength(total);
        for (let k = 1; k < seen.length; k++) expect(comparePositions(seen[k - 1].position, seen[k].position)).toBe(-1);
        for (const s of [...own, contested]) {
          const revs = mine.filter((e) => e.stream === s).map((e) => e.revision);
          expect(revs).toEqual(revs.map((_, i) => i));
        }
        const read = (await store.readAll({ after: start })).filter((e) => mine.some((m) => m.id === e.id));
        expect(read.map((e) => e.position)).toEqual(mine.map((e) => e.position));
        await sub.close();
        await Promise.all(writers.map((w) => w.close()));
      });
    });
  });
}
