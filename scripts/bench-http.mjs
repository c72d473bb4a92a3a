#!/usr/bin/env node
/**
 * `npm run bench:http`: HTTP commands under load (autocannon, BENCH_HTTP_CONNECTIONS = 50 connections,
 * BENCH_HTTP_SECONDS = 10 s each), beside its limit.
 *
 *   ours: the compiled server (DEMO=off, a temporary SQLite store, synchronous=FULL), BENCH_HTTP_PROJECTS
 *         (1000) projects; every request a 月度进展 report (POST /api/projects/:id/progress, admin token)
 *         on the next project in turn: auth, validation, the decider, hash chain, signature, durable append.
 *   bare: a bare NestJS endpoint doing the same durable append (scripts/bench-http/bare-nest.mjs).
 *
 * Each is measured in its steady state: BENCH_HTTP_WARMUP_SECONDS (3) of the same load first, not counted
 * (the JIT's first seconds, the first page of every stream's statements), after a `sync`, so the writes the
 * benches before it left in the page cache are not flushed under its fsyncs.
 *
 * Targets (issue 13): ours ≥ 70% of the bare throughput, p99 ≤ 50 ms. Progress on stderr.
 * BENCH_HTTP_PROFILE=<folder>: ours runs with --cpu-prof and writes its profile there.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { shippedNodeArgs, tableLines, writeResults } from './bench-results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const PROJECTS = Number(process.env.BENCH_HTTP_PROJECTS ?? 1000);
const WARMUP_SECONDS = Number(process.env.BENCH_HTTP_WARMUP_SECONDS ?? 3);
/** A folder: the server runs with --cpu-prof there and is stopped with SIGTERM after its load, so it writes the profile. */
const PROFILE = process.env.BENCH_HTTP_PROFILE;
const log = (msg) => process.stderr.write(`[bench-http] ${msg}\n`);

const children = [];
const dataDir = mkdtempSync(join(tmpdir(), 'battlemap-bench-http-'));
const cleanup = () => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
};
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

/** Starts a process and resolves with the port its output names. */
function start(args, env, pattern) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start in 60 s:\n${output}`)), 60_000);
    const read = (chunk) => {
      output += chunk;
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`exited (${code}) before serving:\n${output}`)));
  });
}

async function call(port, path, body, token, expected = 201) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  if (response.status !== expected) throw new Error(`POST ${path} → ${response.status} ${await response.text()}`);
  return response.json();
}

function load(port, token, path, seconds = SECONDS) {
  const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  let n = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: CONNECTIONS,
        duration: seconds,
        headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              n += 1;
              return {
                ...request,
                path: path(n % PROJECTS),
                body: JSON.stringify({ month, investment: 100 + (n % 5000), progress: (n % 1000) / 10, note: '主体结构施工' }),
              };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

/** The load, first unmeasured for WARMUP_SECONDS, then measured for SECONDS after a sync. */
async function measure(name, port, token, path) {
  if (WARMUP_SECONDS > 0) {
    await load(port, token, path, WARMUP_SECONDS);
    log(`${name}: warmed up for ${WARMUP_SECONDS} s`);
  }
  execFileSync('sync');
  return load(port, token, path);
}

const summary = (r) => ({ rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors, total: r.requests.total });

try {
  const adminPassword = randomBytes(12).toString('hex');
  const oursPort = await start(
    [...shippedNodeArgs(), ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : []), join(root, 'server', 'dist', 'main.js')],
    {
      PORT: '0',
      DEMO: 'off',
      EVENTSTORE_URL: `sqlite:${join(dataDir, 'ours.db')}`,
      ADMIN_PASSWORD: adminPassword,
      RATE_LIMIT_COMMANDS: '100000000',
      RATE_LIMIT_ADDRESS: '100000000',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
    /serving http:\/\/localhost:(\d+)\//,
  );
  const { token } = await call(oursPort, '/api/auth/login', { username: 'admin', password: adminPassword }, undefined, 200);
  await call(oursPort, '/api/regions', { id: 'bench-city', name: '基准市', kind: 'city' }, token);
  await call(
    oursPort,
    '/api/taskforces',
    { id: 'tf-bench', name: '基准专班', industry: '食品饮料', chiefId: 'chief', leadUnit: '市经信局' },
    token,
  );
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  for (let i = 0; i < PROJECTS; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, PROJECTS - i) }, (_, k) =>
        call(
          oursPort,
          '/api/projects',
          {
            id: `bench-${i + k}`,
            name: `基准项目 ${i + k}`,
            taskForceId: 'tf-bench',
            regionId: 'bench-city',
            owner: '广元某实业有限公司',
            kind: '新建',
            totalInvestment: 50_000,
            annualPlanInvestment: 12_000,
            stage: 'started',
            stageOn: today,
            location: [105.5 + (i + k) / 2000, 32.2],
          },
          token,
        ),
      ),
    );
  }
  log(`ours: ${PROJECTS} projects registered; ${CONNECTIONS} connections for ${SECONDS} s`);
  const ours = summary(await measure('ours', oursPort, token, (i) => `/api/projects/bench-${i}/progress`));
  log(`ours: ${ours.rps.toFixed(0)} req/s, p99 ${ours.p99} ms, ${ours.non2xx} non-2xx, ${ours.errors} errors`);
  if (PROFILE) {
    const server = children[0];
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
    log(`ours: its CPU profile is in ${PROFILE}`);
  }

  const barePort = await start([join(root, 'scripts', 'bench-http', 'bare-nest.mjs'), join(dataDir, 'bare.db')], {}, /listening (\d+)/);
  const bare = summary(await measure('bare', barePort, undefined, (i) => `/append/bench-${i}`));
  log(`bare: ${bare.rps.toFixed(0)} req/s, p99 ${bare.p99} ms, ${bare.non2xx} non-2xx, ${bare.errors} errors`);

  const ratio = ours.rps / bare.rps;
  const figures = [
    {
      id: 'http_throughput',
      figure: `HTTP commands, ${CONNECTIONS} connections (autocannon): throughput`,
      value: ours.rps,
      unit: 'req/s',
      beside: { label: 'bare Nest endpoint, same durable append', value: bare.rps, unit: 'req/s' },
      ratio,
      target: '≥ 70% of bare',
      met: ratio >= 0.7 && ours.non2xx === 0 && ours.errors === 0,
    },
    {
      id: 'http_p99',
      figure: `HTTP commands, ${CONNECTIONS} connections: p99 latency`,
      value: ours.p99,
      unit: 'ms',
      beside: { label: 'bare', value: bare.p99, unit: 'ms' },
      ratio: ours.p99 / bare.p99,
      target: 'p99 ≤ 50 ms',
      met: ours.p99 <= 50,
    },
  ];
  for (const line of tableLines(figures)) console.log(line);
  if (ours.non2xx > 0 || ours.errors > 0) console.log(`ours answered ${ours.non2xx} non-2xx and had ${ours.errors} errors`);
  console.log(
    `figures also in ${writeResults(root, 'http', figures, { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, projects: PROJECTS, ours, bare })}`,
  );
} catch (error) {
  console.error('bench-http failed:', error);
  process.exitCode = 1;
} finally {
  cleanup();
}
