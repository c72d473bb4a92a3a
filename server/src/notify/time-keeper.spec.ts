import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BoardState,
  type DomainEvent,
  evolveBoard,
  initialBoard,
  parseEscalationPolicy,
  streams,
  upcastEvent,
} from '@battlemap/events';
import { SqliteEventStore } from '../store/sqlite-event-store';
import { NotifyLedger } from './notify-ledger';
import { TimeKeeper } from './time-keeper';

const NOW = Date.parse('2025-06-10T02:00:00Z');
const PROJECTS = 25;
const meta = { actor: { id: 'u', name: '张伟', role: 'supervisor' }, correlationId: 'c', schema: 1 };

/**
 * A board of PROJECTS started projects with no light recorded yet: every one of them is a light fact
 * due on the next tick. Kept in a real SQLite file, watched through a second connection to the same
 * file (another node's view: it sees only what is committed).
 */
async function world() {
  const dir = mkdtempSync(join(tmpdir(), 'battlemap-time-keeper-'));
  const path = join(dir, 'events.db');
  const store = new SqliteEventStore(path, () => NOW);
  const append = (stream: string, event: DomainEvent) =>
    store.append(stream, [{ id: crypto.randomUUID(), type: event.type, data: event.data, meta }], 'any');
  await append(streams.region('lizhou'), { type: 'RegionDefined', data: { regionId: 'lizhou', name: '利州区', kind: 'county' } });
  await append(streams.taskForce('alu'), {
    type: 'TaskForceFormed',
    data: { taskForceId: 'alu', name: '铝基新材料产业专班', industry: '铝基新材料', chiefId: 'chief', leadUnit: '市经信局' },
  });
  for (let i = 0; i < PROJECTS; i++) {
    const id = `p${String(i).padStart(2, '0')}`;
    await append(streams.project(id), {
      type: 'ProjectRegistered',
      data: {
        projectId: id,
        name: `项目 ${id}`,
        taskForceId: 'alu',
        regionId: 'lizhou',
        owner: '广元某实业有限公司',
        kind: '新建',
        totalInvestment: 50_000,
        annualPlanInvestment: 12_000,
        stage: 'started',
        stageOn: '2025-01-15',
        location: [105.8, 32.4],
      },
    } as DomainEvent);
  }
  let board: BoardState = initialBoard();
  for (const event of await store.readAll()) board = evolveBoard(board, upcastEvent(event) as never);
  const other = new SqliteEventStore(path, () => NOW);
  const base = BigInt((await store.headPosition())!);
  return {
    store,
    board,
    /** Every head the other connection sees, polled every 2 ms from now, as a count of facts after `base`. */
    watch() {
      const seen = new Set<number>();
      const timer = setInterval(() => void other.headPosition().then((head) => seen.add(Number(BigInt(head!) - base))), 2);
      return () => {
        clearInterval(timer);
        return [...seen].sort((a, b) => a - b);
      };
    },
    async close() {
      await other.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('the time keeper', () => {
  const policy = parseEscalationPolicy(undefined);

  it('records a wave of light facts on a scheduled (paced) tick a few at a time, each few committed before the next, so screens and commands never wait behind the whole wave', async () => {
    const w = await world();
    try {
      const keeper = new TimeKeeper(
        w.store,
        new NotifyLedger(),
        () => w.board,
        () => NOW,
        policy,
        undefined,
        { factsPerUnit: 10, pauseMs: 40 },
      );
      const stop = w.watch();
      const started = performance.now();
      await keeper.tick(true);
      const took = performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 20));
      const heads = stop();
      expect(keeper.recorded).toBe(PROJECTS);
      // Another node saw the wave land 10 facts at a time: after 10, after 20, then all 25.
      expect(heads.filter((n) => n > 0)).toEqual([10, 20, PROJECTS]);
      // Two pauses between three units.
      expect(took).toBeGreaterThanOrEqual(2 * 40);
      const facts = (await w.store.readAll()).filter((e) => e.type === 'ProjectLightChanged');
      expect(new Set(facts.map((e) => e.stream)).size).toBe(PROJECTS);
    } finally {
      await w.close();
    }
  });

  it('records them all in one commit on an unpaced tick (the one before the server serves)', async () => {
    const w = await world();
    try {
      const keeper = new TimeKeeper(
        w.store,
        new NotifyLedger(),
        () => w.board,
        () => NOW,
        policy,
        undefined,
        { factsPerUnit: 10, pauseMs: 40 },
      );
      const stop = w.watch();
      await keeper.tick(false);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(keeper.recorded).toBe(PROJECTS);
      // Another node saw nothing of it, then all of it.
      expect(stop().filter((n) => n > 0)).toEqual([PROJECTS]);
    } finally {
      await w.close();
    }
  });

  it('stops a paced tick at its next pause when stopped, keeping what it committed', async () => {
    const w = await world();
    try {
      const keeper = new TimeKeeper(
        w.store,
        new NotifyLedger(),
        () => w.board,
        () => NOW,
        policy,
        undefined,
        { factsPerUnit: 10, pauseMs: 200 },
      );
      const ticking = keeper.tick(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      keeper.stop();
      await ticking;
      expect(keeper.recorded).toBe(10);
      expect((await w.store.readAll()).filter((e) => e.type === 'ProjectLightChanged')).toHaveLength(10);
    } finally {
      await w.close();
    }
  });
});
