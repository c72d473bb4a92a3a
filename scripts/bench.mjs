#!/usr/bin/env node
/**
 * `npm run bench`: every bench in one run, then one table of every figure beside its limit, and the
 * same figures in bench/results/all.json (each bench also keeps its own bench/results/<name>.json).
 *
 * BENCH_ONLY=replay,live runs a subset; the scale knobs of each bench apply (BENCH_EVENTS, BENCH_CLIENTS…).
 * BENCH_QUICK=1 shrinks every bench to a quick run (100,000 events, 200 screens, 10 s, 2,000 rows).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, tableLines } from './bench-results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** In the order they run; each is an npm script that writes bench/results/<name>.json. */
const BENCHES = ['demo', 'replay', 'snapshots', 'live', 'http', 'import', 'browser'];
const QUICK = {
  BENCH_EVENTS: '100000',
  BENCH_CLIENTS: '200',
  BENCH_SECONDS: '10',
  BENCH_ROWS: '2000',
  BENCH_MOMENTS: '20',
};

// The figures are the supported runtime's (package.json engines): Node 20 ran the same replays a third slower here.
if (Number(process.versions.node.split('.')[0]) < 22) {
  process.stderr.write(
    `[bench] note: Node ${process.versions.node} is older than the Node 22 the project runs on; its figures are not comparable\n`,
  );
}
const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
const env = { ...(process.env.BENCH_QUICK === '1' ? QUICK : {}), ...process.env };
const started = Date.now();
const ran = [];
for (const name of BENCHES) {
  if (only && !only.includes(name)) continue;
  const script = `bench:${name}`;
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
  if (!scripts[script]) continue;
  process.stderr.write(`\n[bench] ${script} (${((Date.now() - started) / 1000).toFixed(0)} s so far)\n`);
  const run = spawnSync('npm', ['run', '--silent', script], { cwd: root, env, stdio: 'inherit' });
  ran.push({ name, status: run.status });
}

// The table holds every bench's latest figures: those run now, and (with BENCH_ONLY) the others' last run.
const figures = [];
const runs = [];
for (const name of BENCHES) {
  const path = join(root, 'bench', 'results', `${name}.json`);
  const now = ran.find((r) => r.name === name);
  if (now && (now.status !== 0 || !existsSync(path))) {
    figures.push({
      id: `${name}_failed`,
      figure: `bench:${name} failed (exit ${now.status})`,
      value: null,
      unit: '',
      target: '–',
      met: false,
    });
    continue;
  }
  if (!existsSync(path)) continue;
  const result = JSON.parse(readFileSync(path, 'utf8'));
  runs.push(`${name} ${String(result.date).slice(0, 16)}${now ? '' : ' (earlier run)'}`);
  figures.push(...result.figures);
}
console.log(
  `\nBattlemap bench, ${new Date().toISOString().slice(0, 10)}, ${machine()}, ${((Date.now() - started) / 60000).toFixed(1)} min`,
);
console.log(`runs: ${runs.join(', ')}`);
for (const line of tableLines(figures)) console.log(line);
writeFileSync(
  join(root, 'bench', 'results', 'all.json'),
  `${JSON.stringify({ date: new Date().toISOString(), machine: machine(), runs, figures }, null, 2)}\n`,
);
console.log('figures also in bench/results/all.json');
// A target not met is a figure to report, not a failure; a bench that crashed is.
process.exitCode = ran.some((r) => r.status !== 0) ? 1 : 0;
