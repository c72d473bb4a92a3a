#!/usr/bin/env node
/**
 * `npm run bench:import`: a 10,000-row 项目台账 through POST /api/imports/projects, against the 30 s
 * the issue allows.
 *
 * The compiled server (DEMO=off, a temporary SQLite store with synchronous=FULL, an admin account,
 * two counties of Guangyuan's map and two task forces), on loopback. The ledger is built here with
 * exceljs (every seventh row without coordinates, so the import places it); timed are: the dry run,
 * the import (each row a RegisterProject through its decider, appended in one unit of work), and the
 * re-import of the same file (nothing appended). Knobs: BENCH_ROWS (10000), BENCH_SERVER_NODE_ARGS. Progress on stderr.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shippedNodeArgs, tableLines, writeResults } from './bench-results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ExcelJS = createRequire(join(root, 'server', 'package.json'))('exceljs');
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
/** Node flags for the server, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const LIMIT_S = 30;
const PASSWORD = 'bench-admin-password';
const log = (msg) => process.stderr.write(`[bench-import] ${msg}\n`);

const dataDir = mkdtempSync(join(tmpdir(), 'battlemap-bench-import-'));
const server = spawn(process.execPath, [...shippedNodeArgs(), ...SERVER_NODE_ARGS, join(root, 'server', 'dist', 'main.js')], {
  cwd: root,
  env: { ...process.env, PORT: '0', DEMO: 'off', ADMIN_PASSWORD: PASSWORD, EVENTSTORE_URL: `sqlite:${join(dataDir, 'events.db')}` },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
server.stdout.on('data', (c) => (output += c));
server.stderr.on('data', (c) => (output += c));
const stop = () => {
  // SIGTERM first: a profiling server writes its profile on the way out.
  server.kill(SERVER_NODE_ARGS.length > 0 ? 'SIGTERM' : 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
};
process.on('SIGINT', () => {
  stop();
  process.exit(130);
});

try {
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    server.stdout.on('data', () => {
      const match = /serving http:\/\/localhost:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://localhost:${match[1]}`);
      }
    });
  });
  const call = async (method, path, body, token) => {
    const response = await fetch(url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
    return response.json();
  };
  const { token } = await call('POST', '/api/auth/login', { username: 'admin', password: PASSWORD });
  await call('POST', '/api/regions', { id: 'lizhou', name: '利州区', kind: 'county' }, token);
  await call('POST', '/api/regions', { id: 'zhaohua', name: '昭化区', kind: 'county' }, token);
  for (const [id, name] of [
    ['tf-al', '铝基新材料产业专班'],
    ['tf-energy', '清洁能源产业专班'],
  ]) {
    await call('POST', '/api/taskforces', { id, name, industry: name.slice(0, 4), chiefId: 'chief', leadUnit: '市经信局' }, token);
  }

  log(`building a ${ROWS}-row ledger`);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  sheet.addRow([
    '项目名称',
    '业主单位',
    '所属专班',
    '属地',
    '建设性质',
    '总投资(亿元)',
    '年度计划投资',
    '当前阶段',
    '阶段日期',
    '计划开工',
    '经度',
    '纬度',
  ]);
  const stages = ['洽谈', '签约', '开工', '竣工', '投产'];
  for (let i = 0; i < ROWS; i++) {
    const lizhou = i % 2 === 0;
    const placed = i % 7 === 3;
    sheet.addRow([
      `压测项目${i + 1}`,
      `广元第${(i % 97) + 1}实业有限公司`,
      i % 3 === 0 ? '清洁能源产业专班' : '铝基新材料产业专班',
      lizhou ? '利州区' : '昭化区',
      ['新建', '扩建', '技改', '续建'][i % 4],
      1 + (i % 50) * 0.37,
      2000 + (i % 40) * 150,
      stages[i % 5],
      `2025年${(i % 9) + 1}月${(i % 27) + 1}日`,
      `2025-${String((i % 12) + 1).padStart(2, '0')}`,
      placed ? null : lizhou ? 105.84 : 105.96,
      placed ? null : lizhou ? 32.44 : 32.32,
    ]);
  }
  const file = Buffer.from(await workbook.xlsx.writeBuffer());
  log(`ledger: ${(file.length / 1024).toFixed(0)} KB`);

  const upload = async (query) => {
    const form = new FormData();
    form.append('file', new Blob([file]), 'ledger.xlsx');
    const began = performance.now();
    const response = await fetch(`${url}/api/imports/projects${query}`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await response.json();
    const seconds = (performance.now() - began) / 1000;
    if (response.status >= 300) throw new Error(`import → ${response.status} ${JSON.stringify(body).slice(0, 500)}`);
    log(
      `${query || 'import'}: ${seconds.toFixed(1)} s, created ${body.created}, unchanged ${body.unchanged}, errors ${body.errors.length}`,
    );
    return { seconds, body };
  };
  const dry = await upload('?dryRun=true');
  const real = await upload('');
  const again = await upload('');
  if (real.body.created !== ROWS || again.body.unchanged !== ROWS) throw new Error('the import did not do what it should');

  const figure = (id, name, seconds, target) => ({
    id,
    figure: name,
    value: seconds,
    unit: 's',
    target: target ? `≤ ${LIMIT_S} s` : '–',
    met: target ? seconds <= LIMIT_S : null,
  });
  const figures = [
    figure('import_dry_run', `ledger import, ${ROWS.toLocaleString('en')} rows: dry run (read, plan, decide)`, dry.seconds, false),
    figure('import', `ledger import, ${ROWS.toLocaleString('en')} rows (one unit of work, durable)`, real.seconds, true),
    figure('import_again', `re-import of the same ${ROWS.toLocaleString('en')} rows (appends nothing)`, again.seconds, true),
  ];
  console.log(`\nLedger import, ${ROWS} rows (${(file.length / 1024).toFixed(0)} KB xlsx), SQLite synchronous=FULL`);
  for (const line of tableLines(figures)) console.log(line);
  console.log(`figures also in ${writeResults(root, 'import', figures, { rows: ROWS })}`);
  stop();
} catch (error) {
  console.error('bench-import failed:', error);
  console.error(output.split('\n').slice(-20).join('\n'));
  stop();
  process.exit(1);
}
