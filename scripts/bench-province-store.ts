/**
 * The province-scale bench store: ~22 cities, each the Guangyuan demo's history (its own seed, its ids
 * prefixed by city), merged day by day, with follow-up inspections (回头看) and corrected monthly reports
 * added to reach the event target. Every command goes through the real deciders (seeds' history
 * decider); every event is hash-chained as the command handler does and signed (meta.mac) through the
 * server's SigningEventStore, with a key file beside the store, so a server opens it as its own
 * (AUDIT_KEY_PATH=<store>.audit.key). Deterministic: the same knobs give the same bytes.
 *
 * Written once under bench/.cache and reused; written to a temporary name and renamed when complete,
 * so a cut-short run leaves nothing that looks finished.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SCHEMA_VERSIONS, type DomainEvent, mulberry32 } from '@battlemap/events';
import { type DemoCommand, DEFAULT_HISTORY_SEED, buildHistory, historyDecider } from '../seeds/src';
import { AuditKey } from '../server/src/audit/audit-key';
import { SigningEventStore } from '../server/src/audit/signing-event-store';
import { deterministicUuid, eventHash, GENESIS_HASH } from '../server/src/commands/hash-chain';
import { SqliteEventStore } from '../server/src/store/sqlite-event-store';

/** Bumped when what the generator writes changes: an older cached store is then not reused. */
const GENERATOR_VERSION = 3;
/** The history's "today": fixed, so the store does not depend on the day the bench runs. */
export const PROVINCE_TODAY = '2026-11-30';
const CITIES = 22;
/** What one city's history holds, roughly: how many cities a smaller store takes. */
const EVENTS_PER_CITY = 17_000;
/** Commands per SQLite transaction. */
const TRANSACTION_COMMANDS = 5_000;

export interface ProvinceStore {
  path: string;
  keyPath: string;
  events: number;
  cities: number;
  projects: number;
  /** Seconds it took to write (0 when reused from the cache). */
  seconds: number;
}

export function provinceStorePath(cacheDir: string, events: number): string {
  return `${cacheDir}/province-v${GENERATOR_VERSION}-${events}.db`;
}

/** The store for `events` events, from the cache or written now. */
export async function provinceStore(cacheDir: string, events: number, log: (line: string) => void): Promise<ProvinceStore> {
  const path = provinceStorePath(cacheDir, events);
  const keyPath = `${path}.audit.key`;
  const cities = Math.max(1, Math.min(CITIES, Math.ceil(events / EVENTS_PER_CITY)));
  if (existsSync(path) && existsSync(keyPath)) {
    const store = new SqliteEventStore(path);
    const count = Number((await store.headPosition()) ?? 0);
    await store.close();
    return { path, keyPath, events: count, cities, projects: -1, seconds: 0 };
  }
  mkdirSync(dirname(path), { recursive: true });
  const started = performance.now();
  const temporary = `${path}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${temporary}${suffix}`, { force: true });
  const key = new AuditKey(createHash('sha256').update(`battlemap bench province v${GENERATOR_VERSION}`).digest());
  let now = 0;
  const inner = new SqliteEventStore(temporary, () => now, { durable: false });
  const store = new SigningEventStore(inner, key);

  const heads = new Map<string, { revision: number; hash: string }>();
  let written = 0;
  let projects = 0;
  let pending: { stream: string; event: DomainEvent; command: DemoCommand }[] = [];
  const decide = historyDecider(PROVINCE_TODAY, (stream, event, command) => pending.push({ stream, event, command }));

  const commands = provinceCommands(cities, events);
  let lastDay = '';
  let inDay = 0;
  let appends: Promise<unknown>[] = [];
  const writeCommand = (command: DemoCommand) => {
    decide(command);
    if (command.on !== lastDay) [lastDay, inDay] = [command.on, 0];
    // Recorded during the working day of its business day, a second apart, in order.
    now = Date.parse(`${command.on}T08:30:00+08:00`) + inDay++ * 1000;
    const batch = pending;
    pending = [];
    for (const { stream, event } of batch) {
      if (written >= events) break;
      const head = heads.get(stream) ?? { revision: -1, hash: GENESIS_HASH };
      const revision = head.revision + 1;
      const id = deterministicUuid('bench-province', String(written));
      const occurredOn = occurredOnOf(command);
      const meta: Record<string, unknown> = {
        actor: { id: command.actor, name: command.actor, role: 'supervisor' },
        correlationId: deterministicUuid('bench-province-correlation', String(written)),
        schema: SCHEMA_VERSIONS[event.type as keyof typeof SCHEMA_VERSIONS],
        prevHash: head.hash,
        ...(occurredOn && { occurredOn }),
      };
      const hash = eventHash({ stream, revision, id, type: event.type, data: event.data, meta }, head.hash);
      const newEvent = { id, type: event.type, data: event.data, meta: { ...meta, hash } };
      // The append's work is synchronous (it runs inside the surrounding transaction); its promise settles later.
      appends.push(store.append(stream, [newEvent], head.revision < 0 ? 'no_stream' : head.revision));
      heads.set(stream, { revision, hash });
      if (event.type === 'ProjectRegistered') projects += 1;
      written += 1;
      if (written % 50_000 === 0) {
        log(
          `  province store: ${written.toLocaleString('en')} / ${events.toLocaleString('en')} events (${((performance.now() - started) / 1000).toFixed(0)} s)`,
        );
      }
    }
  };
  for (let i = 0; i < commands.length && written < events;) {
    const end = Math.min(commands.length, i + TRANSACTION_COMMANDS);
    inner.inOneTransaction(() => {
      for (; i < end && written < events; i++) writeCommand(commands[i]);
    });
    await Promise.all(appends);
    appends = [];
  }
  await store.close();
  renameSync(temporary, path);
  for (const suffix of ['-wal', '-shm']) rmSync(`${temporary}${suffix}`, { force: true });
  writeFileSync(keyPath, key.toFileText(), { mode: 0o600 });
  return { path, keyPath, events: written, cities, projects, seconds: (performance.now() - started) / 1000 };
}

/** The business date the controllers record as meta.occurredOn for each kind of command. */
function occurredOnOf(command: DemoCommand): string | undefined {
  const body = command.body as { on?: string; stageOn?: string; effectiveFrom?: string };
  if (command.kind === 'registerProject') return body.stageOn;
  if (command.kind === 'adoptLightRules') return body.effectiveFrom;
  if (command.kind === 'reportProgress' || command.kind === 'amendProject' || command.kind.includes('Indicator')) return undefined;
  return body.on;
}

/**
 * Every city's history, ids prefixed, merged by day (each city's own order kept), with the follow-ups
 * that bring the total to about `events`. The 流动红旗 and the light rules are the province's: city 1's.
 */
function provinceCommands(cities: number, events: number): DemoCommand[] {
  const random = mulberry32(DEFAULT_HISTORY_SEED);
  const histories: DemoCommand[][] = [];
  for (let city = 0; city < cities; city++) {
    const history = buildHistory(PROVINCE_TODAY, DEFAULT_HISTORY_SEED + city).filter(
      (command) => city === 0 || (command.kind !== 'awardRedFlag' && command.kind !== 'adoptLightRules'),
    );
    histories.push(
      city === 0 ? history : history.map((command) => inCity(command, `c${String(city + 1).padStart(2, '0')}-`, CITY_NAMES[city - 1])),
    );
  }
  // Each command decides one event, and an inspection one more per problem it raised.
  const all = histories.flat();
  const base = all.reduce((sum, c) => sum + 1 + ((c.body.problems as unknown[] | undefined)?.length ?? 0), 0);
  const repeatable = all.filter((c) => c.kind === 'reportProgress' || c.kind === 'recordInspection').length;
  const followUps = Math.max(0, (events - base) / repeatable);
  const perCity = histories.map((history) =>
    history.flatMap((command) => {
      if (command.kind !== 'reportProgress' && command.kind !== 'recordInspection') return [command];
      const extra = Math.floor(followUps) + (random() < followUps % 1 ? 1 : 0);
      return [command, ...Array.from({ length: extra }, (_, n) => followUp(command, n + 1, random))];
    }),
  );
  return mergeByDay(perCity);
}

/** A second look at the same thing on the same day: a 回头看 inspection, or a corrected monthly report. */
function followUp(command: DemoCommand, n: number, random: () => number): DemoCommand {
  const body = command.body as Record<string, unknown>;
  if (command.kind === 'reportProgress') {
    const investment = Math.max(0, Math.round(Number(body.investment) * (0.95 + random() * 0.1)));
    return { ...command, body: { ...body, investment } };
  }
  const { problems: _raised, ...rest } = body;
  return {
    ...command,
    body: { ...rest, id: `${String(body.id)}-r${n}`, findings: '回头看：复核整改落实情况，未发现新问题。', rating: 4 },
  };
}

const ID_KEYS = ['id', 'projectId', 'regionId', 'taskForceId', 'parentId'];

/**
 * The other cities' names (city 1 is Guangyuan itself): each city is the Guangyuan demo again, on the
 * same map, so its task forces and projects are named after it and a board never shows eight 铝基新材料
 * in its ranking or three 中煤广元煤电一体化项目 in its red list.
 */
const CITY_NAMES = [
  '成都',
  '自贡',
  '攀枝花',
  '泸州',
  '德阳',
  '绵阳',
  '遂宁',
  '内江',
  '乐山',
  '南充',
  '眉山',
  '宜宾',
  '广安',
  '达州',
  '雅安',
  '巴中',
  '资阳',
  '阿坝',
  '甘孜',
  '凉山',
  '天府',
];

/**
 * The same command in another city: every id it names (body and path) gets the city's prefix, and the
 * names it gives the city's name (the city "南充市", a task force "南充铝基新材料", a project "南充" in
 * place of "广元" or before its name; counties keep theirs, which the map knows them by).
 */
function inCity(command: DemoCommand, prefix: string, city: string): DemoCommand {
  const body: Record<string, unknown> = { ...command.body };
  for (const key of ID_KEYS) if (typeof body[key] === 'string') body[key] = prefix + String(body[key]);
  const name = body.name;
  if (typeof name === 'string') {
    // Counties keep their names: the map (Guangyuan's, the only one) finds a county by its name.
    if (command.kind === 'defineRegion' && body.kind === 'city') body.name = `${city}市`;
    else if (command.kind === 'formTaskForce') body.name = `${city}${name}`;
    else if (command.kind === 'registerProject') body.name = name.includes('广元') ? name.replaceAll('广元', city) : `${city}${name}`;
  }
  const parts = command.path.split('/');
  if (parts.length > 3 && ['projects', 'problems', 'taskforces', 'indicators'].includes(parts[2])) parts[3] = prefix + parts[3];
  return { ...command, body, path: parts.join('/') };
}

/** A stable k-way merge by business day. */
function mergeByDay(lists: DemoCommand[][]): DemoCommand[] {
  const merged: DemoCommand[] = [];
  const at = lists.map(() => 0);
  for (;;) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      if (at[i] >= lists[i].length) continue;
      if (best < 0 || lists[i][at[i]].on < lists[best][at[best]].on) best = i;
    }
    if (best < 0) return merged;
    // Take the whole run of that day from this city: a city's same-day order matters, others' does not.
    const day = lists[best][at[best]].on;
    while (at[best] < lists[best].length && lists[best][at[best]].on === day) merged.push(lists[best][at[best]++]);
  }
}
