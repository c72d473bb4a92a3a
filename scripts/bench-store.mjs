#!/usr/bin/env node
/**
 * `npm run bench:store`: throughput of the embedded SQLite event store (ours), against
 *   - bare better-sqlite3: the same rows, plain INSERT/SELECT, same table, WAL + synchronous=FULL (the limit);
 *   - Emmett's SQLite event store (@event-driven-io/emmett-sqlite 0.38.5, node-sqlite3, WAL, synchronous=FULL).
 * One process, one run. Progress goes to stderr, the table to stdout.
 *
 * Knobs (env): BENCH_EVENTS (events seeded for the read benches, default 1000000), BENCH_SINGLE (single-event
 * appends, default 2000), BENCH_BATCHED (100-event appends, default 500), BENCH_DIR (default <repo>/.bench).
 */
import { createRequire } from 'node:module';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID, createHash } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';

const require = createRequire(import.meta.url);
// Emmett console.logs the errors it rethrows: keep stdout for the table.
console.log = (...args) => console.error(...args);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const Database = require('better-sqlite3');
const sqlite3 = require('sqlite3');
const { SqliteEventStore } = require(join(root, 'server/dist/store/sqlite-event-store.js'));
const emmett = require('@event-driven-io/emmett-sqlite');
const emmettVersion = JSON.parse(
  readFileSync(join(dirname(require.resolve('@event-driven-io/emmett-sqlite')), '..', 'package.json'), 'utf8'),
).version;

const SEED_EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const SINGLE_APPENDS = Number(process.env.BENCH_SINGLE ?? 2_000);
const BATCHED_APPENDS = Number(process.env.BENCH_BATCHED ?? 500);
const BATCH = 100;
const STREAMS = 1_000;
const SEED_BATCH = 250; // events per append when seeding (one stream per append, as the port requires)
const READ_PAGE = 10_000; // (c): page size of every engine's global read
const CATCH_UP_BATCH = 1_000; // (d): our adapter's catch-up batch; bare and Emmett pull with the same size
const ROUNDS = 4; // (a) and (b) interleave the engines in rounds so machine noise hits all of them alike

const dir = process.env.BENCH_DIR ?? join(root, '.bench', `store-${process.pid}`);
mkdirSync(dir, { recursive: true });
const started = process.hrtime.bigint();
const log = (msg) => process.stderr.write(`[bench ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1).padStart(6)}s] ${msg}\n`);
const now = () => process.hrtime.bigint();
const secs = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const gc = () => globalThis.gc?.();

// ---------------------------------------------------------------------------------------------------
// Events: a weekly progress report of a key project, meta as the command handler writes it.
const HEX = Array.from({ length: 1024 }, (_, i) => createHash('sha256').update(String(i)).digest('hex'));
const ACTORS = [
  { id: 'u-0007', name: '王建国', role: 'supervisor' },
  { id: 'u-0112', name: '李秀英', role: 'task_force_lead' },
  { id: 'u-0231', name: 'Zhang Wei', role: 'project_manager' },
];
const STATUSES = ['done', 'in_progress', 'at_risk', 'not_started'];

function makeEvent(streamNo, revision) {
  const k = streamNo * 7919 + revision;
  const week = (revision % 52) + 1;
  return {
    id: randomUUID(),
    type: 'ProjectProgressReported',
    data: {
      projectId: `project-${streamNo}`,
      period: `2025-W${String(week).padStart(2, '0')}`,
      reportedOn: `2025-${String((week % 12) + 1).padStart(2, '0')}-${String((k % 28) + 1).padStart(2, '0')}`,
      percentComplete: Math.round(((k % 1000) / 10) * 10) / 10,
      investment: { plannedCny: 1_250_000_000 + (k % 97) * 1_000_000, actualCny: 468_750_000 + (k % 89) * 250_000 },
      milestones: [
        { key: 'civil-works', status: STATUSES[k % 4] },
        { key: 'equipment-install', status: STATUSES[(k + 1) % 4], due: '2025-06-30' },
      ],
      issues: [{ code: 'LAND-REQ', severity: k % 3 === 0 ? 'high' : 'medium', owner: 'county-natural-resources' }],
      headcount: 300 + (k % 200),
      note: 'Main workshop roof closed; warehouse 2 steel at 60%. Transformer delivery slipped one week.',
    },
    meta: {
      actor: ACTORS[k % ACTORS.length],
      correlationId: randomUUID(),
      causationId: randomUUID(),
      schema: 1,
      prevHash: HEX[k & 1023],
      hash: HEX[(k + 1) & 1023],
    },
  };
}
/** Emmett's shape of the same event; our id goes into its messageId. */
const toEmmett = (e) => ({ type: e.type, data: e.data, metadata: { ...e.meta, messageId: e.id } });

/** Every reader does this to every event it materialised, so none of the parsing can be skipped. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- written, never read: it keeps the work from being optimised away
let touched = 0;
const touch = (data, meta) => {
  touched += data.headcount + (meta.schema | 0);
};

// ---------------------------------------------------------------------------------------------------
// Engines
const OURS_INSERT_ROW = (stream, revision, e, recordedAt) => [
  stream,
  revision,
  e.id,
  e.type,
  JSON.stringify(e.data ?? null),
  JSON.stringify({ ...e.meta, recordedAt }),
  recordedAt,
];

/** A fresh file with exactly our table (created by our adapter, then closed), opened bare. */
function openBare(path) {
  const created = new SqliteEventStore(path);
  return created.close().then(() => {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const insert = db.prepare('INSERT INTO events (stream, revision, id, type, data, meta, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertMany = db.transaction((stream, firstRevision, events) => {
      const recordedAt = Date.now();
      for (let i = 0; i < events.length; i++) insert.run(...OURS_INSERT_ROW(stream, firstRevision + i, events[i], recordedAt));
    });
    return { db, insert, insertMany };
  });
}

function openEmmett(path) {
  return emmett.getSQLiteEventStore({ fileName: path });
}

/**
 * Emmett 0.38.5 reads `INSERT/UPDATE ... RETURNING` with node-sqlite3's `get`, whose statement is finalized
 * asynchronously, so its COMMIT sometimes races it and fails with `SQLITE_BUSY: cannot commit transaction -
 * SQL statements in progress` (it rolls back: nothing is written). A caller has to retry; we do, and count.
 */
const emmettRetries = { count: 0 };
async function emmettAppend(store, stream, events, expectedStreamVersion) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.appendToStream(stream, events, { expectedStreamVersion });
    } catch (err) {
      if (err?.code !== 'SQLITE_BUSY' || attempt >= 20) throw err;
      emmettRetries.count++;
    }
  }
}

function rmDb(path) {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

const streamName = (i) => `project-${(i % STREAMS) + 1}`;

// ---------------------------------------------------------------------------------------------------
// (a) and (b): appends
async function benchAppends(label, appendCount, perAppend) {
  log(`${label}: preparing ${appendCount} appends x ${perAppend} event(s) per engine`);
  const plan = [];
  const revs = new Map();
  for (let i = 0; i < appendCount; i++) {
    const stream = streamName(i);
    const no = (i % STREAMS) + 1;
    const first = (revs.get(stream) ?? -1) + 1;
    revs.set(stream, first + perAppend - 1);
    const events = Array.from({ length: perAppend }, (_, j) => makeEvent(no, first + j));
    plan.push({ stream, first, events, emmettEvents: events.map(toEmmett) });
  }
  const tag = perAppend === 1 ? 'single' : 'batched';
  const paths = { bare: join(dir, `${tag}-bare.db`), ours: join(dir, `${tag}-ours.db`), emmett: join(dir, `${tag}-emmett.db`) };
  Object.values(paths).forEach(rmDb);
  const bare = await openBare(paths.bare);
  const ours = new SqliteEventStore(paths.ours);
  const em = openEmmett(paths.emmett);
  const time = { bare: 0, ours: 0, emmett: 0 };
  const perRound = Math.ceil(appendCount / ROUNDS);
  for (let r = 0; r < ROUNDS; r++) {
    const slice = plan.slice(r * perRound, (r + 1) * perRound);
    if (slice.length === 0) break;
    gc();
    let t0 = now();
    if (perAppend === 1) {
      for (const a of slice) bare.insert.run(...OURS_INSERT_ROW(a.stream, a.first, a.events[0], Date.now()));
    } else {
      for (const a of slice) bare.insertMany(a.stream, a.first, a.events);
    }
    time.bare += secs(t0);
    gc();
    t0 = now();
    for (const a of slice) await ours.append(a.stream, a.events, a.first === 0 ? 'no_stream' : a.first - 1);
    time.ours += secs(t0);
    gc();
    t0 = now();
    for (const a of slice) await emmettAppend(em, a.stream, a.emmettEvents, BigInt(a.first));
    time.emmett += secs(t0);
    log(`${label}: round ${r + 1}/${ROUNDS} done`);
  }
  // Sanity: every engine holds every event; bare and ours hold the same rows.
  const total = appendCount * perAppend;
  const count = (db, table) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
  await ours.close();
  const oursDb = new Database(paths.ours, { readonly: true });
  const emDb = new Database(paths.emmett, { readonly: true });
  const counts = { bare: count(bare.db, 'events'), ours: count(oursDb, 'events'), emmett: count(emDb, 'emt_messages') };
  const rowSql = 'SELECT stream, revision, id, type, data, length(meta) FROM events ORDER BY stream, revision';
  const same = JSON.stringify(bare.db.prepare(rowSql).raw().all()) === JSON.stringify(oursDb.prepare(rowSql).raw().all());
  oursDb.close();
  emDb.close();
  bare.db.close();
  await new Promise((r) => setTimeout(r, 300)); // Emmett closes its per-call connections without awaiting
  Object.values(paths).forEach(rmDb);
  if (counts.bare !== total || counts.ours !== total || counts.emmett !== total || !same) {
    throw new Error(`${label}: engines disagree: ${JSON.stringify({ total, counts, sameRows: same })}`);
  }
  const rate = (t) => total / t;
  log(`${label}: bare ${rate(time.bare).toFixed(0)}, ours ${rate(time.ours).toFixed(0)}, emmett ${rate(time.emmett).toFixed(0)} events/s`);
  return { bare: rate(time.bare), ours: rate(time.ours), emmett: rate(time.emmett) };
}

// ---------------------------------------------------------------------------------------------------
// Seeding for (c) and (d)
async function seedOurs(path) {
  const store = new SqliteEventStore(path);
  const perStream = Math.ceil(SEED_EVENTS / STREAMS);
  const t0 = now();
  let written = 0;
  for (let from = 0; written < SEED_EVENTS; from += SEED_BATCH) {
    for (let s = 1; s <= STREAMS && written < SEED_EVENTS; s++) {
      const n = Math.min(SEED_BATCH, perStream - from, SEED_EVENTS - written);
      if (n <= 0) continue;
      const events = Array.from({ length: n }, (_, j) => makeEvent(s, from + j));
      await store.append(`project-${s}`, events, from === 0 ? 'no_stream' : from - 1);
      written += n;
    }
    log(`seed ours: ${written} events (${(written / secs(t0)).toFixed(0)}/s)`);
  }
  await store.close();
  const db = new Database(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

async function seedEmmett(path) {
  const store = openEmmett(path);
  const perStream = Math.ceil(SEED_EVENTS / STREAMS);
  const t0 = now();
  let written = 0;
  for (let from = 0; written < SEED_EVENTS; from += SEED_BATCH) {
    for (let s = 1; s <= STREAMS && written < SEED_EVENTS; s++) {
      const n = Math.min(SEED_BATCH, perStream - from, SEED_EVENTS - written);
      if (n <= 0) continue;
      const events = Array.from({ length: n }, (_, j) => toEmmett(makeEvent(s, from + j)));
      await emmettAppend(store, `project-${s}`, events, BigInt(from));
      written += n;
    }
    log(`seed emmett: ${written} events (${(written / secs(t0)).toFixed(0)}/s)`);
  }
  await new Promise((r) => setTimeout(r, 300));
  const db = new Database(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

// ---------------------------------------------------------------------------------------------------
// (c) readAll: every event of the store, in pages of READ_PAGE, each materialised.
function bareReadAll(path) {
  const db = new Database(path, { readonly: true });
  const page = db
    .prepare('SELECT position, stream, revision, id, type, data, meta FROM events WHERE position > ? ORDER BY position LIMIT ?')
    .raw(true);
  gc();
  const t0 = now();
  let n = 0;
  let after = 0;
  for (;;) {
    const rows = page.all(after, READ_PAGE);
    if (rows.length === 0) break;
    const events = rows.map((r) => ({
      position: String(r[0]),
      stream: r[1],
      revision: r[2],
      id: r[3],
      type: r[4],
      data: JSON.parse(r[5]),
      meta: JSON.parse(r[6]),
    }));
    for (const e of events) touch(e.data, e.meta);
    n += events.length;
    after = rows[rows.length - 1][0];
  }
  const t = secs(t0);
  db.close();
  return { n, t };
}

async function oursReadAll(path) {
  const store = new SqliteEventStore(path);
  gc();
  const t0 = now();
  let n = 0;
  let after;
  for (;;) {
    const events = await store.readAll({ after, limit: READ_PAGE });
    if (events.length === 0) break;
    for (const e of events) touch(e.data, e.meta);
    n += events.length;
    after = events[events.length - 1].position;
  }
  const t = secs(t0);
  await store.close();
  return { n, t };
}

async function emmettReadAll(path) {
  const conn = emmett.sqliteConnection({ fileName: path });
  gc();
  const t0 = now();
  let n = 0;
  let after = 0n;
  for (;;) {
    const { messages, currentGlobalPosition, areEventsLeft } = await emmett.readMessagesBatch(conn, { after, batchSize: READ_PAGE });
    for (const m of messages) touch(m.data, m.metadata);
    n += messages.length;
    after = currentGlobalPosition;
    if (!areEventsLeft || messages.length === 0) break;
  }
  const t = secs(t0);
  conn.close();
  return { n, t };
}

// ---------------------------------------------------------------------------------------------------
// (d) subscription catch-up from the beginning until caught up, one handler call per event.
async function bareCatchUp(path) {
  const db = new Database(path, { readonly: true });
  const page = db
    .prepare('SELECT position, stream, revision, id, type, data, meta FROM events WHERE position > ? ORDER BY position LIMIT ?')
    .raw(true);
  let n = 0;
  const onEvent = (e) => {
    touch(e.data, e.meta);
    n++;
  };
  gc();
  const t0 = now();
  let after = 0;
  for (;;) {
    const rows = page.all(after, CATCH_UP_BATCH);
    if (rows.length === 0) break;
    for (const r of rows) {
      onEvent({
        position: String(r[0]),
        stream: r[1],
        revision: r[2],
        id: r[3],
        type: r[4],
        data: JSON.parse(r[5]),
        meta: JSON.parse(r[6]),
      });
    }
    after = rows[rows.length - 1][0];
  }
  const t = secs(t0);
  db.close();
  return { n, t };
}

async function oursCatchUp(path) {
  const store = new SqliteEventStore(path);
  let n = 0;
  gc();
  const t0 = now();
  let sub;
  await new Promise((resolve, reject) => {
    sub = store.subscribeAll(
      {},
      {
        onEvent: (e) => {
          touch(e.data, e.meta);
          n++;
        },
        onCaughtUp: () => resolve(),
        onError: (err) => reject(err),
      },
    );
  });
  const t = secs(t0);
  await sub.close();
  await store.close();
  return { n, t };
}

async function emmettCatchUp(path, head) {
  const store = openEmmett(path);
  const consumer = store.consumer({ pulling: { batchSize: CATCH_UP_BATCH, pullingFrequencyInMs: 0 } });
  let n = 0;
  consumer.processor({
    processorId: 'bench',
    startFrom: 'BEGINNING',
    eachMessage: (m) => {
      touch(m.data, m.metadata);
      n++;
    },
    stopAfter: (m) => m.metadata.globalPosition >= head,
  });
  gc();
  const t0 = now();
  await consumer.start(); // resolves when the processor stopped after the head event
  const t = secs(t0);
  await consumer.close();
  return { n, t };
}

// ---------------------------------------------------------------------------------------------------
async function emmettSynchronous(path) {
  const db = new sqlite3.Database(path);
  const get = (sql) => new Promise((res, rej) => db.get(sql, (e, r) => (e ? rej(e) : res(r))));
  await get('PRAGMA journal_mode = WAL');
  const r = await get('PRAGMA synchronous');
  await new Promise((res) => db.close(res));
  rmDb(path);
  return r.synchronous;
}

async function main() {
  log(`dir ${dir}; seed ${SEED_EVENTS} events over ${STREAMS} streams; emmett-sqlite ${emmettVersion}`);
  const emSync = await emmettSynchronous(join(dir, 'sync-probe.db'));
  const results = {};

  results.a = await benchAppends('(a) single-event appends', SINGLE_APPENDS, 1);
  gc();
  results.b = await benchAppends('(b) 100-event appends', BATCHED_APPENDS, BATCH);
  gc();

  const oursPath = join(dir, 'read-ours.db');
  const barePath = join(dir, 'read-bare.db');
  const emPath = join(dir, 'read-emmett.db');
  [oursPath, barePath, emPath].forEach(rmDb);
  log(`seeding ${SEED_EVENTS} events into ours (${SEED_BATCH}-event appends through append())`);
  await seedOurs(oursPath);
  copyFileSync(oursPath, barePath); // bare reads the very rows our adapter wrote
  log(`seeding ${SEED_EVENTS} events into Emmett (${SEED_BATCH}-event appendToStream calls)`);
  await seedEmmett(emPath);
  const sizes = { ours: statSync(oursPath).size, emmett: statSync(emPath).size };
  gc();

  const check = (label, r) => {
    if (r.n !== SEED_EVENTS) throw new Error(`${label}: read ${r.n} events, expected ${SEED_EVENTS}`);
    log(`${label}: ${r.n} events in ${r.t.toFixed(2)}s = ${(r.n / r.t).toFixed(0)}/s`);
    return r.n / r.t;
  };
  results.c = {};
  results.c.bare = check('(c) readAll bare', bareReadAll(barePath));
  gc();
  results.c.ours = check('(c) readAll ours', await oursReadAll(oursPath));
  gc();
  results.c.emmett = check('(c) readAll emmett', await emmettReadAll(emPath));
  gc();

  results.d = {};
  results.d.bare = check('(d) catch-up bare', await bareCatchUp(barePath));
  gc();
  results.d.ours = check('(d) catch-up ours', await oursCatchUp(oursPath));
  gc();
  results.d.emmett = check('(d) catch-up emmett', await emmettCatchUp(emPath, BigInt(SEED_EVENTS)));
  await yieldToLoop();
  [oursPath, barePath, emPath].forEach(rmDb);
  rmSync(dir, { recursive: true, force: true });

  printTable(results, { emSync, sizes });
}

function printTable(results, { emSync, sizes }) {
  const rows = [
    ['(a) durable single-event appends', 'appends/s', results.a, 0.8],
    ['(b) 100-event appends', 'events/s', results.b, 0.8],
    [`(c) readAll over ${fmtN(SEED_EVENTS)} events`, 'events/s', results.c, 0.5],
    [`(d) subscription catch-up over ${fmtN(SEED_EVENTS)}`, 'events/s', results.d, 0.5],
  ];
  const header = ['benchmark', 'unit', 'bare', 'ours', 'Emmett', 'ours/bare', 'ours/Emmett', 'target', 'met'];
  const body = rows.map(([name, unit, r, target]) => {
    const vsBare = r.ours / r.bare;
    const vsEm = r.ours / r.emmett;
    const met = vsBare >= target && vsEm > 1;
    return [
      name,
      unit,
      fmt(r.bare),
      fmt(r.ours),
      fmt(r.emmett),
      pct(vsBare),
      `${vsEm.toFixed(2)}x`,
      `>=${target * 100}% bare, >1x Emmett`,
      met ? 'yes' : 'NO',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => '| ' + cells.map((c, i) => (i < 2 || i > 6 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  const out = [];
  out.push(`Battlemap event store benchmark (Node ${process.version}, ${new Date().toISOString()})`);
  out.push('');
  out.push(line(header));
  out.push('|' + widths.map((w, i) => (i < 2 || i > 6 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|');
  for (const b of body) out.push(line(b));
  out.push('');
  out.push('Columns (all in this one process, same payloads: ~470 B data JSON, ~330 B meta JSON, streams project-1..1000):');
  out.push('  bare   better-sqlite3 alone, WAL + synchronous=FULL, the very table our adapter creates (same columns and');
  out.push('         UNIQUE indexes). (a) one autocommit INSERT per event; (b) BEGIN, 100 INSERTs, COMMIT; rows are');
  out.push('         the ones ours writes (same JSON text, recordedAt in meta), revisions known in memory, no checks.');
  out.push(`         (c) SELECT ... WHERE position > ? ORDER BY position LIMIT ${READ_PAGE} pages; (d) the same in ${CATCH_UP_BATCH}-row`);
  out.push('         pages calling a handler per event. Both build the same envelope and JSON.parse data and meta.');
  out.push('  ours   server/dist/store/sqlite-event-store.js through the port: (a)/(b) append(stream, events, exact');
  out.push('         expected revision): BEGIN IMMEDIATE, revision check, idempotency check, INSERTs, COMMIT, durable');
  out.push(`         on return; (c) readAll({after, limit: ${READ_PAGE}}) pages; (d) subscribeAll({}) from the start until`);
  out.push(`         onCaughtUp, handler per event (the adapter reads ${CATCH_UP_BATCH} events per catch-up batch).`);
  out.push(
    `  Emmett @event-driven-io/emmett-sqlite ${emmettVersion} (node-sqlite3, WAL, PRAGMA synchronous=${emSync}` +
      `${emSync === 2 ? ' = FULL' : ''}).`,
  );
  out.push('         (a)/(b) getSQLiteEventStore().appendToStream(stream, events, {expectedStreamVersion: exact});');
  out.push('         it opens and closes a connection per call (its file-mode design).');
  out.push("         Its EventStore has no global read: (c) uses the package's exported readMessagesBatch(connection,");
  out.push(`         {after, batchSize: ${READ_PAGE}}), the global read its consumer polls with. (d) uses its subscription API,`);
  out.push(`         store.consumer({pulling: {batchSize: ${CATCH_UP_BATCH}, pullingFrequencyInMs: 0}}) + processor({startFrom:`);
  out.push("         'BEGINNING', eachMessage, stopAfter: head}); it stores a checkpoint per message in one transaction");
  out.push('         per batch. Defaults (100/batch, 50 ms sleep between batches) would cap it near 2,000 events/s.');
  out.push('         Emmett materialises data and metadata (JSON.parse) itself; every handler touches both.');
  out.push(`Seeding for (c)/(d): ${fmtN(SEED_EVENTS)} events in ${SEED_BATCH}-event appends through each engine's append API;`);
  out.push(
    `  bare reads a byte copy of our file. Files: ours ${(sizes.ours / 2 ** 20).toFixed(0)} MiB, Emmett ${(sizes.emmett / 2 ** 20).toFixed(0)} MiB.`,
  );
  out.push(
    `  (a) ${fmtN(SINGLE_APPENDS)} appends and (b) ${fmtN(BATCHED_APPENDS)} x 100 events per engine, fresh files, engines interleaved in ${ROUNDS} rounds.`,
  );
  out.push(
    `Emmett appends that failed with SQLITE_BUSY (its RETURNING/COMMIT race) and were retried: ${emmettRetries.count}` +
      ' (retry time counted).',
  );
  out.push(`Total run time ${secs(started).toFixed(0)} s.`);
  process.stdout.write(out.join('\n') + '\n');
}

const fmt = (x) => Math.round(x).toLocaleString('en-US');
const fmtN = (x) => x.toLocaleString('en-US');
const pct = (x) => `${(x * 100).toFixed(0)}%`;

main().catch((err) => {
  process.stderr.write(`bench failed: ${err.stack ?? err}\n`);
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // the bench failed already; a temp folder left behind is not worth a second error
  }
  process.exit(1);
});
