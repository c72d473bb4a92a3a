/**
 * Replay and cold start on the province-scale store (1,000,000 events by default; BENCH_EVENTS=100000
 * for a quick run), each figure beside the limit measured next to it:
 *   - the board at BENCH_MOMENTS random recorded moments (`at`), folded from the nearest snapshot, beside
 *     the same fold from memory (every event already parsed); business-time replays (`on`), reported;
 *   - the live projection's cold start from a persisted snapshot (at the head, as after a clean
 *     shutdown, and a snapshot's spacing behind it, as after a crash) and without one, beside a bare read
 *     + JSON.parse of the same rows.
 * The store, its snapshots and its audit checkpoint are made once under BENCH_CACHE and reused
 * (BENCH_FRESH_SNAPSHOTS=1 takes the snapshots again). Prints a table and writes the same figures to
 * bench/results/replay.json in the shared format (scripts/bench-results.mjs). Run with `npm run bench:replay`.
 */
import Database from 'better-sqlite3';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type EventEnvelope, chinaDay, evolveBoard, initialBoard, mulberry32, recordedAfter, upcastEvent } from '@battlemap/events';
import { parseAuditKey } from '../server/src/audit/audit-key';
import { AuditTrail } from '../server/src/audit/audit-trail';
import { CheckpointFile } from '../server/src/audit/checkpoint-file';
import { AccountProjection } from '../server/src/auth/account-projection';
import { BoardSnapshots, DEFAULT_SNAPSHOT_EVERY, type Snapshot } from '../server/src/board/board-snapshots';
import { LiveBoard, replayBoard } from '../server/src/board/live-board';
import { IdempotencyIndex } from '../server/src/commands/idempotency-index';
import type { EventStore } from '../server/src/store/event-store.port';
import { SqliteEventStore } from '../server/src/store/sqlite-event-store';
import { tableLines, writeResults } from './bench-results.mjs';
import { provinceStore } from './bench-province-store';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const MOMENTS = Number(process.env.BENCH_MOMENTS ?? 50);
const CACHE = process.env.BENCH_CACHE ?? 'bench/.cache';
/** Folds from memory beside the replays: each is a whole fold up to its moment, so a few are enough. */
const MEMORY_FOLDS = 5;
/** A business-time replay reads the log to its end (a later event may be backdated): a couple are enough. */
const ON_DAYS = 2;
const log = (line: string) => console.log(line);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** This process's CPU time (user + system, every thread) in ms: what a figure costs, whatever the load. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const loadAtStart = load();
  log(
    `bench:replay: the province store with ${EVENTS.toLocaleString('en')} events (made once under ${CACHE}); load average ${loadAtStart}`,
  );
  const made = await provinceStore(CACHE, EVENTS, log);
  log(
    made.seconds > 0
      ? `  written in ${made.seconds.toFixed(0)} s (${made.cities} cities, ${made.projects} projects)`
      : '  reused from the cache',
  );
  const key = parseAuditKey(readFileSync(made.keyPath, 'utf8'), made.keyPath);
  const snapshotPath = `${made.path}.snapshots.db`;
  const checkpointPath = `${made.path}.audit-checkpoint.json`;

  // 1. The limit: read every row and JSON.parse it, nothing else.
  log('bare read + JSON.parse of every row…');
  const bare = bareRead(made.path);
  log(`  ${seconds(bare.ms)} for ${bare.rows.toLocaleString('en')} rows`);

  // 2. The first start ever: no audit checkpoint; it takes the snapshots and writes the checkpoint, as a
  // server does. Then kept beside the store and reused. A snapshot file of another version is emptied
  // when opened (BoardSnapshots), so a changed format is taken again here too.
  let taking: Awaited<ReturnType<typeof coldStart>> | null = null;
  // Taken again: the snapshots only (as after an upgrade to a new snapshot version); the audit checkpoint
  // is made when there is none (the chain then hashes every event once, about 40 µs each).
  const fresh = process.env.BENCH_FRESH_SNAPSHOTS === '1' || !existsSync(checkpointPath);
  if (fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(`${snapshotPath}${suffix}`, { force: true });
  const withCheckpoint = existsSync(checkpointPath);
  // Stale too when taken at another spacing (DEFAULT_SNAPSHOT_EVERY changed): one at each multiple of
  // the spacing, and one at the head.
  const probe = new BoardSnapshots(snapshotPath);
  const [head, ...periodic] = probe.covers().map((cover) => Number(cover.position));
  const stale =
    head === undefined ||
    periodic.length !== Math.floor(head / DEFAULT_SNAPSHOT_EVERY) ||
    periodic.some((position) => position % DEFAULT_SNAPSHOT_EVERY !== 0);
  probe.close();
  if (fresh || stale) {
    log(
      `first start: the whole log, then the snapshots every ${DEFAULT_SNAPSHOT_EVERY.toLocaleString('en')} events filled in on a thread${withCheckpoint ? '' : ', and the audit checkpoint'}…`,
    );
    taking = await coldStart(made.path, snapshotPath, key, checkpointPath, undefined, true);
    log(`  live after ${seconds(taking.ms)}; ${taking.filledIn} snapshots filled in ${seconds(taking.fillMs)} after that`);
  } else {
    log('snapshots and audit checkpoint reused from the cache (BENCH_FRESH_SNAPSHOTS=1 takes them again)');
  }
  const snapshotFile = new Database(snapshotPath, { readonly: true });
  const stats = snapshotFile
    .prepare('SELECT count(*) AS n, sum(length(body)) AS bytes, max(length(body)) AS largest FROM snapshots')
    .get() as { n: number; bytes: number; largest: number };
  const positions = (snapshotFile.prepare('SELECT position FROM snapshots ORDER BY position DESC').pluck(true).all() as number[]).map(
    String,
  );
  snapshotFile.close();
  log(`  ${stats.n} snapshots, ${(stats.bytes / 1e6).toFixed(0)} MB deflated (largest ${(stats.largest / 1e6).toFixed(1)} MB)`);

  // 3. Cold starts. From the newest snapshot (at the head: a clean shutdown takes one there), then from
  // the last periodic one before it (as after a crash: up to a snapshot's spacing of events to fold),
  // then without any (the audit checkpoint is there, as on any restart): the whole log.
  log('cold start from the persisted snapshot at the head (after a clean shutdown)…');
  const atHead = await coldStart(made.path, snapshotPath, key, checkpointPath);
  log(
    `  ${seconds(atHead.ms)} (snapshot at ${atHead.snapshotPosition}, ${atHead.folded} events after it; audit checkpoint ${seconds(atHead.auditMs)})`,
  );
  const crashAt = positions[1] ?? positions[0];
  log(`cold start from the snapshot at ${crashAt} (after a crash)…`);
  const afterCrash = await coldStart(made.path, snapshotPath, key, checkpointPath, crashAt);
  log(
    `  ${seconds(afterCrash.ms)} (snapshot at ${afterCrash.snapshotPosition}, ${afterCrash.folded} events after it; audit checkpoint ${seconds(afterCrash.auditMs)})`,
  );
  log('cold start without a snapshot (board, idempotency and accounts from the whole log; audit chain from its checkpoint)…');
  const whole = await coldStart(made.path, null, key, checkpointPath);
  log(`  ${seconds(whole.ms)} (CPU time ${seconds(whole.cpuMs)}; the bare read's ${seconds(bare.cpuMs)})`);

  // 4. Replays at random recorded moments, from the snapshots, and a few of the same folds from memory.
  const store = new SqliteEventStore(made.path);
  const snapshots = new BoardSnapshots(snapshotPath);
  const [first] = await store.readAll({ limit: 1 });
  const [last] = await store.readAll({ direction: 'backwards', limit: 1 });
  const random = mulberry32(20261202);
  const moments = Array.from({ length: MOMENTS }, () =>
    Math.floor(first.meta.recordedAt + random() * (last.meta.recordedAt - first.meta.recordedAt)),
  );
  log(`replay at ${MOMENTS} random moments (GET /api/board?at=) from the snapshots…`);
  const atMs: number[] = [];
  const atCpuMs: number[] = [];
  for (const at of moments) {
    const [started, cpu] = [performance.now(), cpuMs()];
    await replayBoard(store, { at }, snapshots);
    atMs.push(performance.now() - started);
    atCpuMs.push(cpuMs() - cpu);
  }
  log(
    `  p50 ${percentile(atMs, 50).toFixed(0)} ms, p99 ${percentile(atMs, 99).toFixed(0)} ms; CPU time p50 ${percentile(atCpuMs, 50).toFixed(0)} ms, p99 ${percentile(atCpuMs, 99).toFixed(0)} ms (load average ${load()})`,
  );
  log(`business-time replays (?on=) on ${ON_DAYS} random days: from the snapshots where they hold, then the rest of the log…`);
  const onMs: number[] = [];
  for (const at of moments.slice(0, ON_DAYS)) {
    const started = performance.now();
    await replayBoard(store, { on: chinaDay(at) }, snapshots);
    onMs.push(performance.now() - started);
  }
  log(`  p50 ${percentile(onMs, 50).toFixed(0)} ms, max ${Math.max(...onMs).toFixed(0)} ms`);
  snapshots.close();
  const latest = Math.max(...moments.slice(0, MEMORY_FOLDS));
  log(`the first ${MEMORY_FOLDS} moments folded from memory (every event up to them read and parsed first)…`);
  const all = await readEnvelopes(store, latest);
  await store.close();
  const memoryMs: number[] = [];
  for (const at of moments.slice(0, MEMORY_FOLDS)) {
    const started = performance.now();
    let state = initialBoard();
    for (const envelope of all) {
      if (recordedAfter(envelope, { at })) break;
      state = evolveBoard(state, envelope);
    }
    memoryMs.push(performance.now() - started);
  }
  log(`  p50 ${percentile(memoryMs, 50).toFixed(0)} ms, max ${Math.max(...memoryMs).toFixed(0)} ms`);
  const sameMomentsMs = atMs.slice(0, MEMORY_FOLDS);

  const n = bare.rows.toLocaleString('en');
  const besideBare = { label: 'bare read + JSON.parse of the same rows', value: bare.ms, unit: 'ms' };
  const figures = [
    {
      id: 'replay_at_p99',
      figure: `replay at a random T on ${n} events (${MOMENTS} moments, from the snapshots), p99`,
      value: percentile(atMs, 99),
      unit: 'ms',
      beside: { label: `fold from memory, p50 of ${memoryMs.length} of the moments`, value: percentile(memoryMs, 50), unit: 'ms' },
      ratio: percentile(atMs, 99) / percentile(memoryMs, 50),
      target: 'p99 < 1 s',
      met: percentile(atMs, 99) < 1000,
    },
    {
      id: 'replay_at_p50',
      figure: `replay at a random T on ${n} events (${MOMENTS} moments, from the snapshots), p50`,
      value: percentile(atMs, 50),
      unit: 'ms',
      beside: {
        label: `the same ${memoryMs.length} moments folded from memory, p50 (from the snapshots: ${percentile(sameMomentsMs, 50).toFixed(0)} ms)`,
        value: percentile(memoryMs, 50),
        unit: 'ms',
      },
      ratio: percentile(atMs, 50) / percentile(memoryMs, 50),
      target: '–',
      met: null,
    },
    {
      id: 'replay_at_p99_cpu',
      figure: `replay at a random T on ${n} events, p99 of this process's CPU time (what it costs, whatever the load)`,
      value: percentile(atCpuMs, 99),
      unit: 'ms',
      target: '–',
      met: null,
    },
    {
      id: 'replay_on_max',
      figure: `replay on a random day D (?on=, ${onMs.length} days: the snapshots that hold, then the rest of the log), max`,
      value: Math.max(...onMs),
      unit: 'ms',
      beside: besideBare,
      ratio: Math.max(...onMs) / bare.ms,
      target: '–',
      met: null,
    },
    {
      id: 'cold_start_snapshot',
      figure: `cold start to live on ${n} events, persisted snapshot at the head (audit checkpoint ${seconds(atHead.auditMs)}; CPU time ${seconds(atHead.cpuMs)})`,
      value: atHead.ms,
      unit: 'ms',
      beside: besideBare,
      ratio: atHead.ms / bare.ms,
      target: '≤ 3 s',
      met: atHead.ms <= 3000,
    },
    {
      id: 'cold_start_snapshot_tail',
      figure: `cold start to live on ${n} events, persisted snapshot ${afterCrash.folded.toLocaleString('en')} events behind (after a crash; CPU time ${seconds(afterCrash.cpuMs)})`,
      value: afterCrash.ms,
      unit: 'ms',
      beside: besideBare,
      ratio: afterCrash.ms / bare.ms,
      target: '≤ 3 s',
      met: afterCrash.ms <= 3000,
    },
    {
      id: 'cold_start_no_snapshot',
      figure: `cold start to live on ${n} events without a snapshot`,
      value: whole.ms,
      unit: 'ms',
      beside: besideBare,
      ratio: whole.ms / bare.ms,
      target: '≤ 2× bare',
      met: whole.ms <= 2 * bare.ms,
    },
    {
      id: 'cold_start_no_snapshot_cpu',
      figure: `cold start to live on ${n} events without a snapshot, this process's CPU time`,
      value: whole.cpuMs,
      unit: 'ms',
      beside: { label: 'CPU time of the bare read + JSON.parse', value: bare.cpuMs, unit: 'ms' },
      ratio: whole.cpuMs / bare.cpuMs,
      target: '–',
      met: null,
    },
    {
      id: 'snapshots_bytes',
      figure: `board snapshots on disk: ${stats.n}, every ${DEFAULT_SNAPSHOT_EVERY.toLocaleString('en')} events (largest ${(stats.largest / 2 ** 20).toFixed(1)} MiB)`,
      value: stats.bytes,
      unit: 'bytes',
      target: '–',
      met: null,
    },
    ...(taking
      ? [
          {
            id: 'first_start',
            figure: `first start with no snapshots (a new snapshot version, a backup restored without them)${withCheckpoint ? '' : ' nor audit checkpoint'}: to live`,
            value: taking.ms,
            unit: 'ms',
            beside: besideBare,
            ratio: taking.ms / bare.ms,
            target: '–',
            met: null,
          },
          {
            id: 'first_start_filled',
            figure: `first start with no snapshots: the ${taking.filledIn} snapshots behind the head filled in on a thread, after it was live`,
            value: taking.fillMs,
            unit: 'ms',
            target: '–',
            met: null,
          },
        ]
      : []),
  ];
  const scale = {
    events: bare.rows,
    moments: MOMENTS,
    snapshotEvery: DEFAULT_SNAPSHOT_EVERY,
    loadAverage: { atStart: loadAtStart, atEnd: load() },
  };
  const path = writeResults(join(__dirname, '..'), 'replay', figures, scale);
  console.log('');
  for (const line of tableLines(figures)) console.log(line);
  console.log(`load average (1, 5, 15 min): ${loadAtStart} at the start, ${load()} at the end; figures also in ${path}`);
}

function bareRead(path: string): { ms: number; cpuMs: number; rows: number } {
  const [started, cpu] = [performance.now(), cpuMs()];
  const db = new Database(path, { readonly: true });
  let rows = 0;
  for (const row of db
    .prepare('SELECT position, stream, revision, id, type, data, meta FROM events ORDER BY position')
    .raw(true)
    .iterate()) {
    const [, , , , , data, meta] = row as string[];
    JSON.parse(data);
    JSON.parse(meta);
    rows += 1;
  }
  db.close();
  return { ms: performance.now() - started, cpuMs: cpuMs() - cpu, rows };
}

/**
 * A live board with the projections the server folds beside it, from open to caught up; `before`: start
 * from the newest snapshot at or before this position (as if the later ones had never been taken).
 */
async function coldStart(
  storePath: string,
  snapshotPath: string | null,
  key: ReturnType<typeof parseAuditKey>,
  checkpointPath: string,
  before?: string,
  fillIn = false,
) {
  const [started, cpu] = [performance.now(), cpuMs()];
  const store = new SqliteEventStore(storePath);
  const snapshots = snapshotPath ? (before ? new SnapshotsBefore(snapshotPath, before) : new BoardSnapshots(snapshotPath)) : null;
  const file = new CheckpointFile(checkpointPath, key);
  const trailStarted = performance.now();
  const trail = new AuditTrail(key, { file, checkpoint: file.load(), storeHead: await store.headPosition() });
  const auditMs = performance.now() - trailStarted;
  const live = new LiveBoard(store, undefined, snapshots);
  live.alsoApply(new IdempotencyIndex());
  live.alsoApply(new AccountProjection());
  live.alsoApply(trail);
  live.start();
  await live.ready;
  const ms = performance.now() - started;
  const cpuTaken = cpuMs() - cpu;
  // The snapshots a first start leaves missing are taken on a thread once it is live; a start that
  // found them all leaves none to fill in (and one that is timed does not wait for them).
  const filled = fillIn ? await live.backfilled : null;
  const fillMs = performance.now() - started - ms;
  live.snapshotNow();
  trail.flush();
  await live.stop();
  snapshots?.close();
  await store.close();
  return {
    ms,
    cpuMs: cpuTaken,
    auditMs,
    snapshotPosition: live.startReport?.snapshotPosition ?? null,
    folded: live.startReport?.folded ?? 0,
    filledIn: filled?.written ?? 0,
    fillMs,
  };
}

/** The snapshots as they were when the newest one was at `before`. */
class SnapshotsBefore extends BoardSnapshots {
  constructor(
    path: string,
    private readonly before: string,
  ) {
    super(path);
  }

  override newest(store: EventStore, asOf = {}, _limit?: string, accept?: (position: string) => boolean): Promise<Snapshot | null> {
    return super.newest(store, asOf, this.before, accept);
  }
}

/** Every event recorded up to `until`, upcast, in memory. */
async function readEnvelopes(store: SqliteEventStore, until: number): Promise<EventEnvelope[]> {
  const all: EventEnvelope[] = [];
  let after: string | undefined;
  for (;;) {
    const batch = await store.readAll({ after, limit: 10_000 });
    for (const event of batch) {
      if (event.meta.recordedAt > until) return all;
      all.push(upcastEvent(event) as unknown as EventEnvelope);
    }
    if (batch.length < 10_000) return all;
    after = batch[batch.length - 1].position;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
