#!/usr/bin/env node
/**
 * `npm run simulate`: simulated supervisors push a plausible change every 2–5 s through the HTTP API
 * (this month's progress, a stage move, an inspection that may raise a problem, a problem taken a step
 * along its loop), so an open board keeps moving. Runs until Ctrl-C.
 *
 *   node scripts/simulate.mjs [--url http://localhost:3000] [--username admin] [--password …]
 *                             [--min 2000] [--max 5000] [--once]
 *
 * The password comes from --password or ADMIN_PASSWORD. The logic is shared with DEMO=live
 * (server/dist/demo/simulator.js, built by `tsc -b`).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

const simulatorUrl = new URL('../server/dist/demo/simulator.js', import.meta.url);
if (!existsSync(simulatorUrl)) {
  console.error('simulate: server/dist is missing: run `npx tsc -b` first');
  process.exit(1);
}
const { Simulator } = await import(simulatorUrl.href);

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.BATTLEMAP_URL ?? 'http://localhost:3000' },
    username: { type: 'string', default: 'admin' },
    password: { type: 'string', default: process.env.ADMIN_PASSWORD },
    min: { type: 'string', default: '2000' },
    max: { type: 'string', default: '5000' },
    once: { type: 'boolean', default: false },
  },
});
const base = values.url.replace(/\/+$/, '');
if (!values.password) {
  console.error('simulate: give the password of the account that pushes the changes: --password … or ADMIN_PASSWORD=…');
  process.exit(1);
}

async function call(method, path, token, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${json?.message ?? text}`);
  return json;
}

let token;
try {
  ({ token } = await call('POST', '/api/auth/login', undefined, { username: values.username, password: values.password }));
} catch (error) {
  console.error(`simulate: cannot log in to ${base} as ${values.username}: ${error.message}`);
  process.exit(1);
}
console.log(
  `simulate: 已登录 ${base}（${values.username}），每 ${Number(values.min) / 1000}–${Number(values.max) / 1000} 秒推送一条变化，Ctrl-C 停止`,
);

/** Over HTTP every change is signed by the logged-in account; the simulated person is named in the line. */
const port = {
  board: () => call('GET', '/api/board', token),
  project: (id) => call('GET', `/api/projects/${encodeURIComponent(id)}`, token),
  post: (path, body, _actor, method = 'POST') => call(method, path, token, body),
};
const simulator = new Simulator(port, { minDelayMs: Number(values.min), maxDelayMs: Number(values.max) });

if (values.once) {
  await simulator.step();
} else {
  // Keep the process alive: the simulator's own timers do not hold it open.
  const keepAlive = setInterval(() => {}, 1 << 30);
  simulator.start();
  const stop = () => {
    simulator.stop();
    clearInterval(keepAlive);
    console.log('\nsimulate: 已停止');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
