/**
 * Replay and cold start on the province-scale store (1,000,000 events by default; BENCH_EVENTS=100000
 * for a quick run): the board at 50 random recorded moments (`at`), folded from the nearest snapshot,
 * beside a fold from memory; business-time replays (`on`); and the live projection's cold start with a
 * persisted snapshot, without one, and beside a bare read + JSON.parse of the same rows. Prints a table
 * and writes the same figures to bench/results/replay.json. Run with `npm run bench:replay`.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { type EventEnvelope, chinaDay, evolveBoard, initialBoard, mulberry32, recordedAfter, upcastEvent } from '@battlemap/events';
import { parseAuditKey } from '../server/src/audit/audit-key';
import { AuditTrail } from '../server/src/audit/audit-trail';
import { CheckpointFile } from '../server/src/audit/checkpoint-file';
import { AccountProjection } from '../server/src/auth/account-projection';
import { BoardSnapshots, DEFAULT_SNAPSHOT_EVERY } from '../server/src/board/board-snapshots';
import { LiveBoard, replayBoard } from '../server/src/board/live-board';
import { IdempotencyIndex } from '../server/src/commands/idempotency-index';
import { SqliteEventStore } from '../server/src/store/sqlite-event-store';
import { provinceStore } from './bench-province-store';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const MOMENTS = Number(process.env.BENCH_MOMENTS ?? 50);
const CACHE = process.env.BENCH_CACHE ?? 'bench/.cache';
/** A business-time replay reads the log to its end (a later event may be backdated): a few are enough. */
const ON_DAYS = 3;
const log = (line: string) => console.log(line);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  log(`bench:replay: the province store with ${EVENTS.toLocaleString('en')} events (made once under ${CACHE})`);
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
  log('cold start: bare read + JSON.parse of every row…');
  const bare = bareRead(made.path);
  log(`  ${seconds(bare.ms)} for ${bare.rows.toLocaleString('en')} rows`);

  // 2. The first start ever: no snapshot and no audit checkpoint; it takes the snapshots (every
  // DEFAULT_SNAPSHOT_EVERY events) and writes the checkpoint, as a server does. Kept in the cache beside
  // the store and reused (BENCH_FRESH_SNAPSHOTS=1 takes them again).
  let taking: Awaited<ReturnType<typeof coldStart>> | null = null;
  if (process.env.BENCH_FRESH_SNAPSHOTS === '1' || !existsSync(snapshotPath) || !existsSync(checkpointPath)) {
    log(
      `first start: the whole log, taking snapshots every ${DEFAULT_SNAPSHOT_EVERY.toLocaleString('en')} events and the audit checkpoint…`,
    );
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${snapshotPath}${suffix}`, { force: true });
    rmSync(checkpointPath, { force: true });
    taking = await coldStart(made.path, snapshotPath, key, checkpointPath);
    log(`  ${seconds(taking.ms)}`);
  } else {
    log('snapshots and audit checkpoint reused from the cache (BENCH_FRESH_SNAPSHOTS=1 takes them again)');
  }
  const snapshotFile = new Database(snapshotPath, { readonly: true });
  const snapshotStats = snapshotFile
    .prepare('SELECT count(*) AS n, sum(length(body)) AS bytes, max(length(body)) AS largest FROM snapshots')
    .get() as {
    n: number;
    bytes: number;
    largest: number;
  };
  snapshotFile.close();
  log(
    `  ${snapshotStats.n} snapshots, ${(snapshotStats.bytes / 1e6).toFixed(0)} MB deflated (largest ${(snapshotStats.largest / 1e6).toFixed(1)} MB)`,
  );

  // 3. A restart without snapshots (the audit checkpoint is there, as on any restart): the whole log.
  log('cold start without a snapshot (board, idempotency and accounts from the whole log; audit chain from its checkpoint)…');
  const whole = await coldStart(made.path, null, key, checkpointPath);
  log(`  ${seconds(whole.ms)}`);

  // 4. Cold start from the newest snapshot plus the tail.
  log('cold start from the persisted snapshot…');
  const fromSnapshot = await coldStart(made.path, snapshotPath, key, checkpointPath);
  log(`  ${seconds(fromSnapshot.ms)} (snapshot at ${fromSnapshot.snapshotPosition}, ${fromSnapshot.folded} events after it)`);
  log('cold start after a clean shutdown (which took a snapshot at the head)…');
  const afterShutdown = await coldStart(made.path, snapshotPath, key, checkpointPath);
  log(`  ${seconds(afterShutdown.ms)} (snapshot at ${afterShutdown.snapshotPosition}, ${afterShutdown.folded} events after it)`);

  // 5. Replays at random recorded moments, from the snapshots, and the same folds from memory.
  const store = new SqliteEventStore(made.path);
  const snapshots = new BoardSnapshots(snapshotPath);
  const all = await readEnvelopes(store);
  const first = all[0].meta.recordedAt;
  const last = all[all.length - 1].meta.recordedAt;
  const random = mulberry32(20261202);
  const moments = Array.from({ length: MOMENTS }, () => Math.floor(first + random() * (last - first)));
  log(`replay at ${MOMENTS} random moments (GET /api/board?at=) from the snapshots…`);
  const atMs: number[] = [];
  for (const at of moments) {
    const started = performance.now();
    await replayBoard(store, { at }, snapshots);
    atMs.push(performance.now() - started);
  }
  log(`  p50 ${atMs.length ? percentile(atMs, 50).toFixed(0) : '-'} ms, p99 ${percentile(atMs, 99).toFixed(0)} ms`);
  log('the same moments folded from memory (every event already parsed in memory)…');
  const memoryMs: number[] = [];
  for (const at of moments.slice(0, 5)) {
    const started = performance.now();
    let state = initialBoard();
    for (const envelope of all) {
      if (recordedAfter(envelope, { at })) break;
      state = evolveBoard(state, envelope);
    }
    memoryMs.push(performance.now() - started);
  }
  log(`  p50 ${percentile(memoryMs, 50).toFixed(0)} ms, max ${Math.max(...memoryMs).toFixed(0)} ms (5 of the moments)`);
  log(`business-time replays (?on=) on ${ON_DAYS} random days: from the snapshots where they hold, then the rest of the log…`);
  const onMs: number[] = [];
  for (const at of moments.slice(0, ON_DAYS)) {
    const started = performance.now();
    await replayBoard(store, { on: chinaDay(at) }, snapshots);
    onMs.push(performance.now() - started);
  }
  log(`  p50 ${percentile(onMs, 50).toFixed(0)} ms, p99 ${percentile(onMs, 99).toFixed(0)} ms`);
  snapshots.close();
  await store.close();

  const figures = {
    date: new Date().toISOString(),
    machine: `${(await import('node:os')).cpus().length} cores, ${((await import('node:os')).totalmem() / 2 ** 30).toFixed(0)} GiB`,
    events: bare.rows,
    replayAt: { moments: MOMENTS, p50Ms: percentile(atMs, 50), p99Ms: percentile(atMs, 99), targetP99Ms: 1000 },
    foldFromMemory: { moments: memoryMs.length, p50Ms: percentile(memoryMs, 50), maxMs: Math.max(...memoryMs) },
    replayOn: { days: onMs.length, p50Ms: percentile(onMs, 50), p99Ms: percentile(onMs, 99) },
    coldStart: {
      bareReadParseMs: bare.ms,
      withoutSnapshotMs: whole.ms,
      withoutSnapshotRatioToBare: whole.ms / bare.ms,
      firstStartTakingSnapshotsMs: taking?.ms ?? null,
      withSnapshotMs: fromSnapshot.ms,
      snapshotPosition: fromSnapshot.snapshotPosition,
      eventsAfterSnapshot: fromSnapshot.folded,
      withSnapshotAfterCleanShutdownMs: afterShutdown.ms,
      auditCheckpointLoadMs: afterShutdown.auditMs,
      targets: { withSnapshotMs: 3000, withoutSnapshotRatioToBare: 2 },
    },
    snapshots: { every: DEFAULT_SNAPSHOT_EVERY, count: snapshotStats.n, bytes: snapshotStats.bytes, largestBytes: snapshotStats.largest },
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/replay.json', `${JSON.stringify(figures, null, 2)}\n`);

  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  console.log('');
  console.log(`| figure (${bare.rows.toLocaleString('en')} events) | measured | limit measured beside it | target |`);
  console.log('|---|--:|--:|--:|');
  console.log(
    `| replay at a random T (${MOMENTS} moments), p50 / p99 | ${percentile(atMs, 50).toFixed(0)} / ${percentile(atMs, 99).toFixed(0)} ms | fold from memory p50 ${percentile(memoryMs, 50).toFixed(0)} ms | p99 < 1,000 ms ${percentile(atMs, 99) < 1000 ? 'met' : 'NOT met'} |`,
  );
  console.log(
    `| replay on a random day (?on=, ${ON_DAYS} days), p50 / max | ${percentile(onMs, 50).toFixed(0)} / ${percentile(onMs, 99).toFixed(0)} ms | – | report |`,
  );
  console.log(
    `| cold start with a persisted snapshot (${fromSnapshot.folded} events after it) | ${seconds(fromSnapshot.ms)}, of which the audit checkpoint ${seconds(fromSnapshot.auditMs)} | bare read + parse ${seconds(bare.ms)} (${ratio(fromSnapshot.ms, bare.ms)}) | ≤ 3 s ${fromSnapshot.ms <= 3000 ? 'met' : 'NOT met'} |`,
  );
  console.log(
    `| cold start after a clean shutdown (snapshot at the head) | ${seconds(afterShutdown.ms)}, of which the audit checkpoint ${seconds(afterShutdown.auditMs)} | bare read + parse ${seconds(bare.ms)} (${ratio(afterShutdown.ms, bare.ms)}) | ≤ 3 s ${afterShutdown.ms <= 3000 ? 'met' : 'NOT met'} |`,
  );
  console.log(
    `| cold start to live without a snapshot | ${seconds(whole.ms)} | bare read + parse ${seconds(bare.ms)} (${ratio(whole.ms, bare.ms)}) | ≤ 2× bare ${whole.ms <= 2 * bare.ms ? 'met' : 'NOT met'} |`,
  );
  if (taking)
    console.log(`| first start ever (no checkpoint): whole log, audit chain, taking the snapshots | ${seconds(taking.ms)} | – | report |`);
  console.log(`| snapshots on disk | ${snapshotStats.n}, ${(snapshotStats.bytes / 1e6).toFixed(0)} MB | – | report |`);
  console.log('figures also in bench/results/replay.json');
}

function bareRead(path: string): { ms: number; rows: number } {
  const started = performance.now();
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
  return { ms: performance.now() - started, rows };
}

/** A live board with the projections the server folds beside it, from open to caught up. */
async function coldStart(storePath: string, snapshotPath: string | null, key: ReturnType<typeof parseAuditKey>, checkpointPath: string) {
  const started = performance.now();
  const store = new SqliteEventStore(storePath);
  const snapshots = snapshotPath ? new BoardSnapshots(snapshotPath) : null;
  const file = new CheckpointFile(checkpointPath, key);
  const trailStarted = performance.now();
  const trail = new AuditTrail(key, { file, checkpoint: file.load(), storeHead: await store.headPosition() });
  const trailMs = performance.now() - trailStarted;
  const live = new LiveBoard(store, undefined, snapshots);
  live.alsoApply(new IdempotencyIndex());
  live.alsoApply(new AccountProjection());
  live.alsoApply(trail);
  live.start();
  await live.ready;
  const ms = performance.now() - started;
  const auditMs = trailMs;
  live.snapshotNow();
  trail.flush();
  await live.stop();
  snapshots?.close();
  await store.close();
  return { ms, auditMs, snapshotPosition: live.startReport?.snapshotPosition ?? null, folded: live.startReport?.folded ?? 0 };
}

async function readEnvelopes(store: SqliteEventStore): Promise<EventEnvelope[]> {
  const all: EventEnvelope[] = [];
  let after: string | undefined;
  for (;;) {
    const batch = await store.readAll({ after, limit: 10_000 });
    for (const event of batch) all.push(upcastEvent(event) as unknown as EventEnvelope);
    if (batch.length < 10_000) return all;
    after = batch[batch.length - 1].position;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
