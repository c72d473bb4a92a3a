/**
 * One format for every bench's figures, so `npm run bench` prints one table and keeps one JSON file.
 *
 * A figure: { id, figure, value, unit, beside?: { label, value, unit }, target, ratio?, met }
 *   - `value` in `unit` ('ms', 's', 'bytes', 'MB', 'req/s', '%', 'count');
 *   - `beside` the limit measured next to it (a bare socket.io, a bare read…), when there is one;
 *   - `target` the words ("≤ 1.5× bare", "p99 ≤ 100 ms"), `ratio` value / beside.value when
 *     both are measured, `met` true/false, or null for a figure that is only reported.
 * Each bench writes bench/results/<name>.json: { bench, date, machine, node, scale, figures }.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/**
 * The Node flags the server ships with (`npm start`, the Dockerfile; server/src/cli/node-flags.ts, read
 * from the built server): a bench that starts the server starts it so, or it measures a server nobody
 * runs. BENCH_SHIPPED_NODE_ARGS="" measures without them, or with others.
 */
export function shippedNodeArgs() {
  const given = process.env.BENCH_SHIPPED_NODE_ARGS;
  if (given !== undefined) return given.split(' ').filter(Boolean);
  return createRequire(import.meta.url)('../server/dist/cli/node-flags.js').serverNodeArgs();
}

export function machine() {
  return `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
}

/** Writes bench/results/<name>.json under `root` and returns the path. */
export function writeResults(root, name, figures, scale = {}) {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  const doc = { bench: name, date: new Date().toISOString(), machine: machine(), scale, figures };
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
  return path;
}

export function formatValue(value, unit) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (unit === 'bytes') {
    if (value >= 2 ** 20) return `${(value / 2 ** 20).toFixed(2)} MiB`;
    if (value >= 1024) return `${(value / 1024).toFixed(1)} KiB`;
    return `${value} B`;
  }
  if (unit === 'ms') return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
  if (unit === 's') return `${value.toFixed(2)} s`;
  if (unit === 'req/s') return `${Math.round(value)} req/s`;
  if (unit === '%') return `${value.toFixed(0)} %`;
  return `${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}`;
}

/** The table, as lines: figure | measured | beside it | ratio | target | met. */
export function tableLines(figures) {
  const rows = figures.map((f) => [
    f.figure,
    formatValue(f.value, f.unit),
    f.beside ? `${formatValue(f.beside.value, f.beside.unit ?? f.unit)} (${f.beside.label})` : '–',
    typeof f.ratio === 'number' ? `${f.ratio.toFixed(2)}×` : '–',
    f.target ?? '–',
    f.met === true ? 'met' : f.met === false ? 'NOT MET' : 'reported',
  ]);
  const header = ['figure', 'measured', 'beside it', 'ratio', 'target', ''];
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells) => cells.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)];
}

/** Display width: CJK and full-width characters take two columns. */
function width(text) {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
