#!/usr/bin/env node
/**
 * `npm run bench:demo`: the Guangyuan demo loaded into an empty store by the compiled server, as
 * `npm start` does on a fresh machine (SQLite, synchronous=FULL), against the ≤ 3 s the issue allows.
 * The server reports the load itself ("demo: loaded N events in X s": every command through the
 * controllers and deciders, in one unit of work); this runs it BENCH_DEMO_RUNS times (3) on a new
 * store each and takes the median. Progress on stderr.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shippedNodeArgs, tableLines, writeResults } from './bench-results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_DEMO_RUNS ?? 3);
const LIMIT_S = 3;
const log = (msg) => process.stderr.write(`[bench-demo] ${msg}\n`);

function loadOnce() {
  const dataDir = mkdtempSync(join(tmpdir(), 'battlemap-bench-demo-'));
  const server = spawn(process.execPath, [...shippedNodeArgs(), join(root, 'server', 'dist', 'main.js')], {
    cwd: root,
    env: { ...process.env, PORT: '0', DEMO: 'auto', EVENTSTORE_URL: `sqlite:${join(dataDir, 'events.db')}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const done = (error, value) => {
      clearTimeout(timer);
      server.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      if (error) reject(error);
      else resolve(value);
    };
    const timer = setTimeout(() => done(new Error(`no demo load within 120 s:\n${output}`)), 120_000);
    const read = (chunk) => {
      output += chunk;
      const loaded = /demo: loaded (\d+) events in ([\d.]+) s, CPU ([\d.]+) s/.exec(output);
      if (loaded && /serving http/.test(output))
        done(null, { events: Number(loaded[1]), seconds: Number(loaded[2]), cpu: Number(loaded[3]) });
    };
    server.stdout.on('data', read);
    server.stderr.on('data', read);
    server.on('exit', (code) => code !== null && done(new Error(`server exited (${code}):\n${output}`)));
  });
}

const runs = [];
for (let i = 0; i < RUNS; i++) {
  const run = await loadOnce();
  log(`run ${i + 1}/${RUNS}: ${run.events} events in ${run.seconds} s (CPU ${run.cpu} s, load ${loadavg()[0].toFixed(1)})`);
  runs.push(run);
}
const sorted = runs.map((r) => r.seconds).sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
const cpu = runs.map((r) => r.cpu).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
const figures = [
  {
    id: 'demo_load',
    figure: `demo load into an empty store (${runs[0].events.toLocaleString('en')} events, median of ${RUNS})`,
    value: median,
    unit: 's',
    target: `≤ ${LIMIT_S} s`,
    met: median <= LIMIT_S,
  },
  {
    id: 'demo_load_cpu',
    figure: 'demo load: CPU time of the server (what it costs on a busy machine)',
    value: cpu,
    unit: 's',
    target: '–',
    met: null,
  },
];
for (const line of tableLines(figures)) console.log(line);
console.log(`figures also in ${writeResults(root, 'demo', figures, { runs: RUNS, seconds: sorted })}`);
