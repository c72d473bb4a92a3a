#!/usr/bin/env node
/**
 * A stand-in for the real server, for looking at the wallboard before the server exists. Dev tool
 * only: not used by tests. It serves web/dist, GET /api/map, and speaks the /board socket.io
 * protocol with a plausible year of Guangyuan history folded by the real evolveBoard, then makes up
 * a few events every 2 s.
 *
 *   cd /work/main && npx tsc -b events seeds && npm run build -w web && node web/scripts/mock-board-server.mjs
 *   open http://localhost:3100/?token=demo
 *
 * Env: PORT (3100), MOCK_TOKEN (demo), MOCK_FREEZE_AFTER (seconds after which it goes silent:
 * no events, no ticks, to see the stale badge), MOCK_EVERY_MS (2000).
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize } from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const { Server } = require(join(root, 'node_modules', 'socket.io'));
const kernel = require(join(root, 'events', 'dist', 'index.js'));
const seeds = require(join(root, 'seeds', 'dist', 'index.js'));

const PORT = Number(process.env.PORT ?? 3100);
const TOKEN = process.env.MOCK_TOKEN ?? 'demo';
const FREEZE_AFTER = Number(process.env.MOCK_FREEZE_AFTER ?? 0);
const EVERY_MS = Number(process.env.MOCK_EVERY_MS ?? 2000);
const DIST = join(root, 'web', 'dist');
const MAP = join(root, 'seeds', 'src', 'guangyuan', 'map.geojson');

// ---------------------------------------------------------------- deterministic randomness
let seed = 20261121;
const rand = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
const pick = (list) => list[Math.floor(rand() * list.length)];
const between = (a, b) => a + (b - a) * rand();

// ---------------------------------------------------------------- the event log
const today = kernel.chinaDay(Date.now());
const YEAR = Number(today.slice(0, 4));
const MONTH = Number(today.slice(5, 7));
const pad = (n) => String(n).padStart(2, '0');
const dayIn = (month, maxDay = 28) => `${YEAR}-${pad(month)}-${pad(1 + Math.floor(rand() * maxDay))}`;
const SYSTEM = { id: 'system', name: '系统', role: 'system' };
const revisions = new Map();
let position = 1000;
let state = kernel.initialBoard();
/** The last events, so a reconnecting screen gets what it missed instead of a snapshot. */
const log = [];
const LOG_LIMIT = 2000;

function envelope(stream, type, data, occurredOn, recordedAt = Date.now(), actor = SYSTEM) {
  const revision = (revisions.get(stream) ?? -1) + 1;
  revisions.set(stream, revision);
  position += 1 + Math.floor(rand() * 3); // positions may have gaps
  const meta = { actor, recordedAt, correlationId: randomUUID(), schema: 1, prevHash: '', hash: '' };
  if (occurredOn) meta.occurredOn = occurredOn;
  return { id: randomUUID(), stream, revision, position: String(position), type, data, meta };
}

function append(env) {
  state = kernel.evolveBoard(state, env);
  log.push(env);
  if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
  return env;
}

// ---------------------------------------------------------------- a year of history
const projects = seeds.buildProjects(YEAR);
const STAGES = ['negotiating', 'signed', 'started', 'completed', 'operating'];
const leaders = seeds.CITY_LEADERS;
const inspectors = seeds.INSPECTORS.length ? seeds.INSPECTORS : leaders;
const person = (p) => ({ id: p.id, name: p.name, role: 'supervisor' });
const jan1 = Date.parse(`${YEAR}-01-01T09:00:00+08:00`);
const recordedOn = (day) => Date.parse(`${day}T${pad(8 + Math.floor(rand() * 10))}:${pad(Math.floor(rand() * 60))}:00+08:00`);

function buildHistory() {
  const dated = []; // [day, stream, type, data, actor]
  const at = (day, stream, type, data, actor = SYSTEM) => dated.push([day, stream, type, data, actor]);

  append(
    envelope(`region-${seeds.CITY.id}`, 'RegionDefined', { regionId: seeds.CITY.id, name: seeds.CITY.name, kind: 'city' }, undefined, jan1),
  );
  for (const c of seeds.COUNTIES) {
    append(
      envelope(
        `region-${c.id}`,
        'RegionDefined',
        { regionId: c.id, name: c.name, kind: 'county', parentId: seeds.CITY.id },
        undefined,
        jan1,
      ),
    );
  }
  for (const park of seeds.PARKS) {
    append(
      envelope(
        `region-${park.id}`,
        'RegionDefined',
        { regionId: park.id, name: park.name, kind: 'park', parentId: park.regionId },
        undefined,
        jan1,
      ),
    );
  }
  for (const tf of seeds.TASK_FORCES) {
    append(
      envelope(
        `taskforce-${tf.id}`,
        'TaskForceFormed',
        {
          taskForceId: tf.id,
          name: tf.name,
          industry: tf.industry,
          chiefId: tf.chiefId,
          leadUnit: tf.leadUnit,
        },
        undefined,
        jan1,
      ),
    );
  }
  for (const t of seeds.buildIndicatorTargets(YEAR)) {
    const stream = `indicator-${t.regionId}-${t.metric}-${YEAR}`;
    append(
      envelope(
        stream,
        'IndicatorTargetSet',
        {
          regionId: t.regionId,
          metric: t.metric,
          year: YEAR,
          target: t.target,
          unit: t.unit,
          label: t.label,
        },
        undefined,
        jan1,
      ),
    );
    const pace = between(0.86, 1.08);
    for (let m = 1; m < MONTH; m++) {
      const value = Math.round((t.target * m * pace * between(0.97, 1.03)) / 12);
      const yoy = Math.round((t.growthTarget * 100 * pace + between(-2.5, 2.5)) * 10) / 10;
      at(`${YEAR}-${pad(m + 1)}-05`, stream, 'IndicatorReported', {
        regionId: t.regionId,
        metric: t.metric,
        year: YEAR,
        month: `${YEAR}-${pad(m)}`,
        value,
        yoy,
      });
    }
  }

  for (const p of projects) {
    const { id, stage, stageOn, ...rest } = p;
    append(envelope(`project-${id}`, 'ProjectRegistered', { projectId: id, ...rest, stage, stageOn }, stageOn, jan1));
  }
  // A project whose name is markup: the screen must show it as plain text.
  const xss = { ...projects[5], id: 'p9999', name: '<img src=x onerror=alert(1)>测试项目', stage: 'negotiating', stageOn: `${YEAR}-03-02` };
  const { id: xid, stage: xstage, stageOn: xon, ...xrest } = xss;
  append(
    envelope(
      'project-p9999',
      'ProjectRegistered',
      { projectId: xid, ...xrest, location: [105.62, 32.2], stage: xstage, stageOn: xon },
      xon,
      jan1,
    ),
  );

  // New negotiations through the year (新洽谈).
  seeds
    .buildProjects(YEAR, 777)
    .slice(0, 70)
    .forEach((p, i) => {
      const { id, stage, stageOn, plannedStart, plannedCompletion, ...rest } = p;
      const on = dayIn(1 + Math.floor(rand() * (MONTH - 1)));
      const projectId = `n${String(i + 1).padStart(4, '0')}`;
      at(on, `project-${projectId}`, 'ProjectRegistered', { projectId, ...rest, stage: 'negotiating', stageOn: on }, person(pick(leaders)));
    });

  // Movements through the year: most projects move one stage, some two; a few stall.
  const pace = new Map(); // projectId → investment pace (1 on schedule, 0.4 far behind)
  for (const p of projects) {
    let index = STAGES.indexOf(p.stage);
    let month = 1 + Math.floor(rand() * 3);
    const moves = rand() < 0.55 ? (rand() < 0.3 ? 2 : 1) : 0;
    for (let k = 0; k < moves && index < STAGES.length - 1 && month < MONTH; k++) {
      const on = dayIn(month);
      at(
        on,
        `project-${p.id}`,
        'ProjectStageAdvanced',
        { projectId: p.id, from: STAGES[index], to: STAGES[index + 1], on },
        person(pick(leaders)),
      );
      index += 1;
      month += 2 + Math.floor(rand() * 4);
    }
    p.finalStage = STAGES[index];
    pace.set(p.id, rand() < 0.72 ? between(0.95, 1.25) : rand() < 0.6 ? between(0.72, 0.88) : between(0.35, 0.65));
    if (p.finalStage === 'started' || p.stage === 'started') {
      let progress = Math.floor(between(5, 30));
      for (let m = 1; m < MONTH; m++) {
        const investment = Math.round(((p.annualPlanInvestment / 12) * pace.get(p.id) * between(0.8, 1.2)) / 10) * 10;
        progress = Math.min(100, progress + Math.floor(between(2, 9)));
        at(
          `${YEAR}-${pad(m + 1)}-0${1 + Math.floor(rand() * 8)}`,
          `project-${p.id}`,
          'ProgressReported',
          { projectId: p.id, month: `${YEAR}-${pad(m)}`, investment, progress },
          person(pick(leaders)),
        );
      }
    }
  }
  const REASONS = ['资金链断裂，融资未到位', '用地指标未落实', '环评手续未完成', '业主单位股权变更', '设备采购延期'];
  const stalled = projects.filter(() => rand() < 0.05);
  for (const p of stalled) {
    const on = dayIn(1 + Math.floor(rand() * (MONTH - 2)));
    at(on, `project-${p.id}`, 'ProjectStalled', { projectId: p.id, reason: pick(REASONS), on });
    if (rand() < 0.55) {
      const later = `${YEAR}-${pad(Math.min(MONTH - 1, Number(on.slice(5, 7)) + 2))}-20`;
      at(later, `project-${p.id}`, 'ProjectRevitalized', { projectId: p.id, how: '引进战略投资者，恢复建设', on: later });
    }
  }

  // Problems, closed loop.
  const CATEGORIES = ['land', 'funding', 'energy', 'labour', 'approval', 'infrastructure', 'other'];
  const TEXT = {
    land: '建设用地报批滞后',
    funding: '项目资本金未足额到位',
    energy: '用能指标不足',
    labour: '技术工人短缺',
    approval: '施工许可办理缓慢',
    infrastructure: '园区道路和管网未配套',
    other: '周边群众协调难度大',
  };
  for (let i = 1; i <= 160; i++) {
    const p = pick(projects);
    const category = pick(CATEGORIES);
    const raisedMonth = 1 + Math.floor(rand() * MONTH);
    const raisedOn = raisedMonth === MONTH ? `${YEAR}-${pad(MONTH)}-01` : dayIn(raisedMonth);
    const deadline = `${YEAR}-${pad(Math.min(12, raisedMonth + 1))}-${raisedOn.slice(8)}`;
    const id = `q${String(i).padStart(4, '0')}`;
    const stream = `problem-${id}`;
    at(
      raisedOn,
      stream,
      'ProblemRaised',
      {
        problemId: id,
        projectId: p.id,
        category,
        description: TEXT[category],
        deadline,
        severity: pick(['normal', 'normal', 'major', 'critical']),
        raisedOn,
      },
      person(pick(inspectors)),
    );
    at(raisedOn, stream, 'ProblemAssigned', { problemId: id, unit: p.leadUnit, on: raisedOn }, person(pick(leaders)));
    const fate = rand();
    if (fate < 0.12)
      at(raisedOn, stream, 'ProblemEscalated', {
        problemId: id,
        level: pick(['county', 'city', 'joint_meeting']),
        reason: '区县层面难以协调解决',
        on: raisedOn,
      });
    if (fate > 0.3 && raisedMonth < MONTH) {
      const on = deadline < today ? deadline : raisedOn;
      at(on, stream, 'ProblemResolved', { problemId: id, resolution: '已协调解决', on }, person(pick(leaders)));
      if (fate > 0.4) at(on, stream, 'ProblemClosed', { problemId: id, on }, person(pick(inspectors)));
    }
  }
  // The monthly 流动红旗.
  const industry = seeds.TASK_FORCES.filter((t) => t.kind === 'industry');
  for (let m = 1; m < MONTH; m++) {
    const on = `${YEAR}-${pad(m + 1)}-03`;
    at(on, `redflag-${YEAR}-${pad(m)}`, 'RedFlagAwarded', { taskForceId: pick(industry).id, month: `${YEAR}-${pad(m)}`, on });
  }

  dated.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [day, stream, type, data, actor] of dated) {
    append(envelope(stream, type, data, day, Math.min(Date.now() - 60_000, recordedOn(day)), actor));
  }
}

// ---------------------------------------------------------------- live events
let problemSeq = 5000;
function liveEvents() {
  const out = [];
  const count = 1 + Math.floor(rand() * 3);
  const live = Object.values(state.projects).filter((p) => !p.terminated);
  for (let i = 0; i < count; i++) {
    const p = pick(live);
    const actor = person(pick(leaders));
    const roll = rand();
    if (roll < 0.3 && p.stage !== 'operating') {
      const to = STAGES[STAGES.indexOf(p.stage) + 1];
      out.push(
        envelope(`project-${p.id}`, 'ProjectStageAdvanced', { projectId: p.id, from: p.stage, to, on: today }, today, Date.now(), actor),
      );
    } else if (roll < 0.55 && p.stage === 'started') {
      const month = `${YEAR}-${pad(MONTH)}`;
      const investment = Math.round(((p.annualPlanInvestment / 12) * between(0.6, 1.4)) / 10) * 10;
      out.push(
        envelope(
          `project-${p.id}`,
          'ProgressReported',
          { projectId: p.id, month, investment, progress: Math.floor(between(30, 95)) },
          today,
          Date.now(),
          actor,
        ),
      );
    } else if (roll < 0.75) {
      const id = `q${++problemSeq}`;
      out.push(
        envelope(
          `problem-${id}`,
          'ProblemRaised',
          {
            problemId: id,
            projectId: p.id,
            category: 'approval',
            description: '施工许可办理缓慢',
            deadline: today,
            severity: 'major',
            raisedOn: today,
          },
          today,
          Date.now(),
          actor,
        ),
      );
    } else if (roll < 0.85 && !p.stalled) {
      // Turns the project red: the screen should jump to it.
      out.push(
        envelope(
          `project-${p.id}`,
          'ProjectStalled',
          { projectId: p.id, reason: '资金链断裂，融资未到位', on: today },
          today,
          Date.now(),
          actor,
        ),
      );
    } else {
      const open = Object.values(state.problems).find((q) => q.status === 'assigned' || q.status === 'raised');
      if (open)
        out.push(
          envelope(
            `problem-${open.id}`,
            'ProblemResolved',
            { problemId: open.id, resolution: '现场协调解决', on: today },
            today,
            Date.now(),
            actor,
          ),
        );
    }
  }
  for (const env of out) append(env);
  return out;
}

// ---------------------------------------------------------------- HTTP + socket.io
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

function authorized(header) {
  return header === `Bearer ${TOKEN}`;
}

const http = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/api/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ status: 'ok', store: 'mock', position: state.position }));
  }
  if (url.pathname === '/api/map') {
    if (!authorized(req.headers.authorization)) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end('{"error":"unauthorized"}');
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    return createReadStream(MAP).pipe(res);
  }
  let file = normalize(join(DIST, decodeURIComponent(url.pathname)));
  if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory()) file = join(DIST, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(404);
    return res.end('web/dist is missing: npm run build -w web');
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});

const io = new Server(http, { cors: { origin: true } });
const board = io.of('/board');
board.use((socket, next) => {
  if (socket.handshake.auth?.token === TOKEN) return next();
  const error = new Error('unauthorized');
  error.data = { code: 'unauthorized' };
  next(error);
});
board.on('connection', (socket) => {
  socket.on('subscribe', (request, ack) => {
    const after = request?.after;
    const first = log[0]?.position;
    const canCatchUp = after && first && BigInt(after) >= BigInt(first) - 3n && BigInt(after) <= BigInt(state.position);
    if (canCatchUp) {
      const missed = log.filter((e) => BigInt(e.position) > BigInt(after));
      for (let i = 0; i < missed.length; i += 200) socket.emit('events', missed.slice(i, i + 200));
      ack?.({ ok: true, position: state.position, snapshot: false });
    } else {
      socket.emit('snapshot', { position: state.position, state: structuredClone(state) });
      ack?.({ ok: true, position: state.position, snapshot: true });
    }
    socket.join('live');
  });
});

buildHistory();
const started = Date.now();
const frozen = () => FREEZE_AFTER > 0 && Date.now() - started > FREEZE_AFTER * 1000;
setInterval(() => {
  if (frozen()) return;
  const events = liveEvents();
  if (events.length) board.to('live').emit('events', events);
}, EVERY_MS);
setInterval(() => {
  if (!frozen()) board.to('live').emit('tick', { position: state.position, now: new Date().toISOString() });
}, 5000);

http.listen(PORT, () => {
  const n = Object.keys(state.projects).length;
  console.log(
    `mock board: http://localhost:${PORT}/?token=${TOKEN}  (${n} projects, position ${state.position}, ${readFileSync(MAP).length} B map)`,
  );
});
