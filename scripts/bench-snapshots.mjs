#!/usr/bin/env node
/**
 * `npm run bench:snapshots`: snapshots to many screens at once, on a province-scale board, against the limit.
 *
 *   ours: the compiled server on a COPY of the province store BENCH_CACHE/province-v<generator>-<BENCH_STORE_EVENTS>.db
 *         (made by `scripts/bench-province-store.ts`; its audit key beside it as `<db>.audit.key`, passed as
 *         AUDIT_KEY_PATH; its board snapshot file `<db>.snapshots.db` and audit checkpoint
 *         `<db>.audit-checkpoint.json` copied too when there are),
 *         DEMO=off, an admin account, a screen token. BENCH_SCREENS socket.io clients (one forked child)
 *         connect, then all subscribe at once asking for the gzip snapshot of the screen form (as the wallboard
 *         does): the time until the last one
 *         has its whole snapshot.
 *   bare: a bare socket.io server (scripts/bench-snapshots/bare-server.mjs) answering every subscribe
 *         with the very bytes ours sent, pre-encoded: the same number of screens, the same figure.
 *
 * Also reported: the snapshot's bytes per screen (the state's JSON, and on the wire gzipped), the cost
 * of packing it once, what permessage-deflate would cost instead (one compression per socket), and
 * the bytes of the state that no screen's view reads (the wallboard's views of the city, each region
 * and each task force, run over a recording proxy of the state).
 *
 * Knobs (env): BENCH_SCREENS (else BENCH_CLIENTS, else 1000), BENCH_STORE_EVENTS (100000: the quick default, the server folds it
 * on start in seconds; 1000000: the full province, its first start on a copy folds the whole log unless a
 * snapshot file lies beside the store), BENCH_CACHE (bench/.cache). Progress on stderr, the table on stdout,
 * figures in bench/results/snapshots.json. Every child is killed on the way out.
 */
import { fork, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { deflateRawSync, gunzipSync, gzipSync } from 'node:zlib';
import { io } from 'socket.io-client';
import { shippedNodeArgs, tableLines, writeResults } from './bench-results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCREENS = Number(process.env.BENCH_SCREENS ?? process.env.BENCH_CLIENTS ?? 1000);
const STORE_EVENTS = Number(process.env.BENCH_STORE_EVENTS ?? 100_000);
const CACHE = resolve(process.env.BENCH_CACHE ?? join(root, 'bench/.cache'));
/** A safety net: the full province's start on a copy and its 4.4 MiB × 1,000 screens take far longer than the default. */
const HARD_LIMIT_MS = STORE_EVENTS > 100_000 ? 900_000 : 300_000;
const TARGET_RATIO = 1.5;

const now = () => performance.timeOrigin + performance.now();
const started = now();
const log = (msg) => process.stderr.write(`[bench-snapshots ${((now() - started) / 1000).toFixed(1).padStart(5)}s] ${msg}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const children = new Set();
const track = (child) => {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
};
const cleanups = [];
let serverOutput = () => '';
const failed = (error) => {
  console.error('bench-snapshots failed:', error);
  const tail = serverOutput().split('\n').slice(-30).join('\n');
  if (tail.trim()) console.error(`--- server output (last lines) ---\n${tail}`);
  process.exit(1);
};
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  for (const cleanup of cleanups) cleanup();
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));
process.on('uncaughtException', failed);
process.on('unhandledRejection', failed);
setTimeout(() => {
  console.error(`bench-snapshots: over ${HARD_LIMIT_MS / 1000} s, giving up`);
  process.exit(2);
}, HARD_LIMIT_MS).unref();

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
}

function nextMessage(child, type, timeoutMs = 180_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(reject, new Error(`no '${type}' from child in ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message) => {
      if (message?.type === type) done(resolve, message);
      else if (message?.type === 'error') done(reject, new Error(`child: ${message.message}`));
    };
    const onExit = (code, signal) => done(reject, new Error(`child exited (${code ?? signal}) before '${type}'`));
    const done = (settle, value) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle(value);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function api(port, method, path, body, token) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** The province store's file name, once known. */
let storeName = '';

/** The compiled server on a copy of the province store; resolves once it serves (the board caught up). */
async function startOurs() {
  // Made here once on a fresh machine (about 6 s per 100,000 events), then reused; the generator names its file.
  log(`the province store of ${STORE_EVENTS.toLocaleString('en-US')} events under ${CACHE}…`);
  const made = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'scripts', 'make-province-store.ts'), CACHE, String(STORE_EVENTS)],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    },
  );
  const source = made.stdout.trim().split('\n').pop() ?? '';
  if (made.status !== 0 || !existsSync(source)) throw new Error(`could not make the province store under ${CACHE} (exit ${made.status})`);
  storeName = basename(source);
  const dir = mkdtempSync(join(tmpdir(), 'battlemap-bench-snapshots-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'events.db');
  copyFileSync(source, db);
  copyFileSync(`${source}.audit.key`, `${db}.audit.key`);
  // What a previous start left beside the store (board snapshots, the audit chain's checkpoint) spares a fold of the whole log.
  for (const beside of ['.snapshots.db', '.snapshots.db-wal', '.audit-checkpoint.json']) {
    if (existsSync(`${source}${beside}`)) copyFileSync(`${source}${beside}`, `${db}${beside}`);
  }
  const adminPassword = randomBytes(12).toString('hex');
  const server = track(
    spawn(process.execPath, [...shippedNodeArgs(), '--max-old-space-size=8192', join(root, 'server/dist/main.js')], {
      cwd: root,
      env: {
        ...process.env,
        PORT: '0',
        EVENTSTORE_URL: `sqlite:${db}`,
        AUDIT_KEY_PATH: `${db}.audit.key`,
        DEMO: 'off',
        RATE_LIMIT_COMMANDS: '1000000',
        RATE_LIMIT_ADDRESS: '1000000',
        ADMIN_PASSWORD: adminPassword,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  server.stdout.on('data', (c) => (output += c));
  server.stderr.on('data', (c) => (output += c));
  serverOutput = () => output;
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not serve in 180 s')), 180_000);
    server.stdout.on('data', () => {
      const match = /serving http:\/\/localhost:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    server.once('exit', (code) => reject(new Error(`server exited (${code}) before serving`)));
  });
  return { server, port, adminPassword };
}

/** One screen's snapshot: the plain state or the gzip bytes, of the whole state or the screen form. */
async function probe(port, token, encoding, form) {
  const socket = io(`http://127.0.0.1:${port}/board`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
  try {
    await new Promise((resolve, reject) => (socket.once('connect', resolve), socket.once('connect_error', reject)));
    const snapshot = new Promise((resolve) => socket.once('snapshot', resolve));
    socket.emit('subscribe', { ...(encoding && { snapshotEncoding: encoding }), ...(form && { snapshotForm: form }) }, () => undefined);
    return await snapshot;
  } finally {
    socket.disconnect();
  }
}

async function round(name, url, token, position) {
  const screens = track(fork(join(root, 'scripts/bench-snapshots/screens.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  screens.send({ type: 'connect', url, token, clients: SCREENS });
  const connected = await nextMessage(screens, 'connected');
  log(`${name}: ${SCREENS} screens connected in ${connected.ms} ms; all subscribe now`);
  screens.send({ type: 'subscribe', encoding: 'gzip', form: 'screen', timeoutMs: 170_000, position });
  const result = await nextMessage(screens, 'result');
  log(`${name}: first snapshot after ${result.first.toFixed(0)} ms, median ${result.p50.toFixed(0)} ms, last ${result.last.toFixed(0)} ms`);
  await stop(screens);
  return result;
}

/** Paths whose keys are ids (or months): their keys count as `*`. */
const RECORD_PATHS = [
  /^(projects|problems|projectProblems|regions|taskForces|redFlags|indicators)$/,
  /^inspections\.(byInspector|byProject|byVisit)(\.\*)?$/,
  /^projects\.\*\.reports$/,
];
const VIEW_SAMPLE = 20;

/** The path of `key` under `path` (ids and array indexes as `*`), or null for an array's methods. */
function pathOf(path, target, key) {
  if (Array.isArray(target)) return /^\d+$/.test(key) ? `${path}.*` : null;
  if (RECORD_PATHS.some((re) => re.test(path))) return `${path}.*`;
  return path ? `${path}.${key}` : key;
}

/**
 * Bytes of the state that no screen's view reads: the views the wallboard shows (the city, and a sample
 * of regions and task forces) run over a proxy that records each path read. The fold (evolveBoard) may
 * still need what no view reads: this says what a leaner wire form could leave out, not what to drop.
 */
async function unreadByViews(state) {
  const { selectBoardView, chinaDay } = await import('../events/dist/index.js');
  const reads = new Set();
  const proxies = new Map();
  const tracked = (value, path) => {
    let byPath = proxies.get(value);
    if (!byPath) proxies.set(value, (byPath = new Map()));
    let proxy = byPath.get(path);
    if (proxy) return proxy;
    proxy = new Proxy(value, {
      get(target, key, receiver) {
        const child = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return child;
        const at = pathOf(path, target, key);
        if (at === null) return child;
        reads.add(at);
        return child && typeof child === 'object' ? tracked(child, at) : child;
      },
    });
    byPath.set(path, proxy);
    return proxy;
  };
  const today = chinaDay(Date.now());
  const options = { year: Number(today.slice(0, 4)), today, asOf: new Date().toISOString() };
  const proxied = tracked(state, '');
  selectBoardView(proxied, options);
  for (const region of Object.keys(state.regions).slice(0, VIEW_SAMPLE)) selectBoardView(proxied, { ...options, region });
  for (const taskForce of Object.keys(state.taskForces).slice(0, VIEW_SAMPLE)) selectBoardView(proxied, { ...options, taskForce });
  // Bytes of each field as written in the JSON (`"key":value,`), down to the fields of each record's items.
  const sizes = new Map();
  const walk = (value, path, depth) => {
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      const at = pathOf(path, value, key) ?? path;
      const below = at.endsWith('.*') ? depth : depth - 1;
      if (below > 0 && child && typeof child === 'object') walk(child, at, below);
      else sizes.set(at, (sizes.get(at) ?? 0) + Buffer.byteLength(JSON.stringify({ [key]: child })) - 1);
    }
  };
  walk(state, '', 3);
  const read = (path) => reads.has(path) || [...reads].some((r) => r.startsWith(`${path}.`));
  let unread = 0;
  const unreadPaths = [];
  for (const [path, bytes] of sizes) {
    if (read(path)) continue;
    unread += bytes;
    unreadPaths.push([path, bytes]);
  }
  unreadPaths.sort((a, b) => b[1] - a[1]);
  return { unread, top: unreadPaths.slice(0, 6) };
}

async function main() {
  const ours = await startOurs();
  log(`ours: server pid ${ours.server.pid} on 127.0.0.1:${ours.port}, a copy of ${storeName}`);
  const { token: admin } = await api(ours.port, 'POST', '/api/auth/login', { username: 'admin', password: ours.adminPassword });
  await api(
    ours.port,
    'POST',
    '/api/accounts',
    { username: 'bench-wall', displayName: '基准大屏', role: 'screen', password: randomBytes(12).toString('hex') },
    admin,
  );
  const { token } = await api(ours.port, 'POST', '/api/accounts/bench-wall/screen-token', {}, admin);

  // As the wallboard asks: the screen form (what a live screen reads from today on), gzip; and the whole state beside it.
  const whole = await probe(ours.port, token);
  const plain = await probe(ours.port, token, undefined, 'screen');
  const packed = await probe(ours.port, token, 'gzip', 'screen');
  const stateJson = JSON.stringify(plain.state);
  const raw = Buffer.byteLength(stateJson);
  const wholeRaw = Buffer.byteLength(JSON.stringify(whole.state));
  const wire = packed.bytes.byteLength;
  // The packed JSON is ASCII only (\uXXXX escapes), so it is compared by value. A snapshot packed ahead
  // at start may be a few events older than the plain one (the events since follow it): then only its
  // own decoding is checked here (shared-snapshot.spec.ts and the e2e check them at the same position).
  const unpacked = gunzipSync(packed.bytes).toString('latin1');
  if (!/^[\x20-\x7e]*$/.test(unpacked)) throw new Error('the gzip snapshot is not ASCII-only JSON');
  const unpackedState = JSON.parse(unpacked);
  if (packed.position === plain.position && JSON.stringify(unpackedState) !== stateJson) {
    throw new Error('the gzip snapshot does not unpack to the plain one');
  }
  if (packed.position !== plain.position)
    log(`the packed snapshot is at ${packed.position} (packed ahead at start), the plain one at ${plain.position}`);
  log(
    `snapshot at ${plain.position}: ${(raw / 2 ** 20).toFixed(2)} MiB of JSON (the whole state ${(wholeRaw / 2 ** 20).toFixed(2)} MiB), ${(wire / 2 ** 20).toFixed(2)} MiB gzipped`,
  );
  const bytesPath = join(mkdtempSync(join(tmpdir(), 'battlemap-bench-snapshot-bytes-')), 'snapshot.gz');
  cleanups.push(() => rmSync(dirname(bytesPath), { recursive: true, force: true }));
  writeFileSync(bytesPath, packed.bytes);

  let t = performance.now();
  gzipSync(Buffer.from(JSON.stringify(plain.state)));
  const packMs = performance.now() - t;
  t = performance.now();
  const deflated = deflateRawSync(Buffer.from(stateJson)).byteLength;
  const deflateMs = performance.now() - t;
  const { unread, top } = await unreadByViews(plain.state);
  log(
    `read by no screen's view: ${(unread / 2 ** 20).toFixed(2)} MiB (${top.map(([p, b]) => `${p} ${(b / 2 ** 20).toFixed(2)} MiB`).join(', ')})`,
  );

  const oursResult = await round('ours', `http://127.0.0.1:${ours.port}`, token);
  const metrics = await (await fetch(`http://127.0.0.1:${ours.port}/metrics`)).text();
  // Every form's serialisations (the probes' whole state among them).
  const encodings = [...metrics.matchAll(/^battlemap_snapshot_encodings_total\{[^}]*\} (\S+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  await stop(ours.server);
  serverOutput = () => '';

  const bare = track(fork(join(root, 'scripts/bench-snapshots/bare-server.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  bare.send({ type: 'start', bytesPath, position: packed.position });
  const { port: barePort } = await nextMessage(bare, 'listening');
  const bareResult = await round('bare', `http://127.0.0.1:${barePort}`, 'none');
  await stop(bare);

  const ratio = oursResult.last / bareResult.last;
  const figures = [
    {
      id: 'snapshots_last_received',
      figure: `${SCREENS.toLocaleString('en-US')} screens subscribe at once: last snapshot received`,
      value: oursResult.last,
      unit: 'ms',
      beside: { label: 'bare socket.io, same pre-encoded bytes', value: bareResult.last, unit: 'ms' },
      target: `≤ ${TARGET_RATIO}× bare`,
      ratio,
      met: ratio <= TARGET_RATIO,
    },
    {
      id: 'snapshots_median_received',
      figure: `${SCREENS.toLocaleString('en-US')} screens subscribe at once: median screen`,
      value: oursResult.p50,
      unit: 'ms',
      beside: { label: 'bare', value: bareResult.p50, unit: 'ms' },
      target: 'report',
      ratio: oursResult.p50 / bareResult.p50,
      met: null,
    },
    {
      id: 'snapshot_bytes_raw',
      figure: 'snapshot bytes per screen, raw (the screen form’s JSON)',
      value: raw,
      unit: 'bytes',
      beside: { label: 'the whole state’s JSON', value: wholeRaw, unit: 'bytes' },
      target: 'report',
      ratio: raw / wholeRaw,
      met: null,
    },
    {
      id: 'snapshot_bytes_wire',
      figure: 'snapshot bytes per screen, on the wire (gzip, packed once)',
      value: wire,
      unit: 'bytes',
      beside: { label: 'permessage-deflate would send', value: deflated, unit: 'bytes' },
      target: 'report',
      ratio: wire / raw,
      met: null,
    },
    {
      id: 'snapshot_pack_ms',
      figure: 'packing one snapshot (JSON + gzip), once per position',
      value: packMs,
      unit: 'ms',
      beside: { label: `permessage-deflate: per socket, ×${SCREENS}`, value: deflateMs, unit: 'ms' },
      target: 'report',
      met: null,
    },
    {
      id: 'snapshot_encodings',
      figure: `snapshot serialisations for the ${SCREENS.toLocaleString('en-US')} screens (+3 probes, one of the whole state)`,
      value: encodings,
      unit: 'count',
      target: 'report',
      met: null,
    },
    {
      id: 'snapshot_bytes_unread',
      figure: `screen form bytes no screen's view reads (${top
        .slice(0, 3)
        .map(([p]) => p)
        .join(', ')})`,
      value: unread,
      unit: 'bytes',
      target: 'report',
      ratio: unread / raw,
      met: null,
    },
  ];
  const path = writeResults(root, 'snapshots', figures, { screens: SCREENS, storeEvents: STORE_EVENTS, position: plain.position });
  console.log(`\nsnapshots: ${SCREENS} screens, province store of ${STORE_EVENTS.toLocaleString('en-US')} events, loopback`);
  for (const line of tableLines(figures)) console.log(line);
  log(`figures in ${path}`);
  // A target not met is a figure in the table (NOT MET), not a failed run: `npm run bench` drops a failed run's figures.
}

main().then(() => process.exit(), failed);
