import {
  type DomainEvent,
  type EventEnvelope,
  STAGES,
  businessDay,
  evolveBoard,
  initialBoard,
  mulberry32,
  streams,
  upcastEvent,
} from '@battlemap/events';
import { SqliteEventStore } from '../store/sqlite-event-store';
import { BoardSnapshots } from './board-snapshots';
import { LiveBoard, replayBoard } from './live-board';

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1, 2);
const frame: DomainEvent[] = [
  { type: 'RegionDefined', data: { regionId: 'lizhou', name: '利州区', kind: 'county' } },
  {
    type: 'TaskForceFormed',
    data: { taskForceId: 'alu', name: '铝基新材料产业专班', industry: '铝基新材料', chiefId: 'chief', leadUnit: '市经信局' },
  },
];

/**
 * A random history recorded over a year: projects registered, moved on and reported, each recorded
 * some days after it happened (or, for some, with no business date at all), so that recorded order
 * and business order disagree as they do when a county catches up on its paperwork.
 */
async function randomHistory(seed: number, count: number) {
  const random = mulberry32(seed);
  let now = START;
  const store = new SqliteEventStore(':memory:', () => now);
  const stage = new Map<string, number>();
  const append = async (stream: string, event: DomainEvent, occurredOn?: string) => {
    now += Math.floor(random() * 2 * DAY);
    const meta = { actor: { id: 'u', name: '张伟', role: 'supervisor' }, correlationId: 'c', schema: 1, ...(occurredOn && { occurredOn }) };
    await store.append(stream, [{ id: crypto.randomUUID(), type: event.type, data: event.data, meta }], 'any');
  };
  const dayBefore = (maxDays: number) => new Date(now - Math.floor(random() * maxDays) * DAY).toISOString().slice(0, 10);
  await append(streams.region('lizhou'), frame[0]);
  await append(streams.taskForce('alu'), frame[1]);
  const regions = ['lizhou'];
  for (let i = 0; i < count; i++) {
    const today = new Date(now).toISOString().slice(0, 10);
    if (i === Math.floor(count / 3)) {
      // Standing data set up well into the year, dated the day it was set up (as a form records it):
      // it counts on every day, before it too.
      await append(
        streams.region('cangxi'),
        { type: 'RegionDefined', data: { regionId: 'cangxi', name: '苍溪县', kind: 'county' } },
        today,
      );
      await append(
        streams.taskForce('alu'),
        { type: 'TaskForceAmended', data: { taskForceId: 'alu', changes: { leadUnit: '市发改委' } } },
        today,
      );
      regions.push('cangxi');
    }
    if (i % 50 === 25) {
      // An indicator's target (set late, as they often are) and its monthly reports, some entered a month or more late.
      const indicator = { regionId: 'lizhou', metric: 'gdp', year: 2025 };
      if (i % 200 === 25) {
        const target = { ...indicator, target: 1000 + i, unit: '亿元' };
        await append(streams.indicator('lizhou', 'gdp', 2025), { type: 'IndicatorTargetSet', data: target }, today);
      }
      const data = { ...indicator, month: dayBefore(70).slice(0, 7), value: i, yoy: null };
      await append(streams.indicator('lizhou', 'gdp', 2025), { type: 'IndicatorReported', data }, random() < 0.5 ? today : undefined);
    }
    const ids = [...stage.keys()];
    const id = ids.length === 0 || random() < 0.2 ? `p${stage.size + 1}` : ids[Math.floor(random() * ids.length)];
    const on = dayBefore(40);
    const withDate = random() < 0.8 ? on : undefined;
    if (!stage.has(id)) {
      stage.set(id, 0);
      const data = {
        projectId: id,
        name: `${id}项目`,
        taskForceId: 'alu',
        regionId: regions[Math.floor(random() * regions.length)],
        owner: '某公司',
        kind: '新建' as const,
        totalInvestment: 100_000,
        annualPlanInvestment: 20_000,
        location: [105.8, 32.4] as [number, number],
        stage: 'negotiating' as const,
        stageOn: on,
      };
      await append(streams.project(id), { type: 'ProjectRegistered', data }, withDate);
    } else if (random() < 0.5 && stage.get(id)! < STAGES.length - 1) {
      const from = stage.get(id)!;
      stage.set(id, from + 1);
      await append(
        streams.project(id),
        { type: 'ProjectStageAdvanced', data: { projectId: id, from: STAGES[from], to: STAGES[from + 1], on } },
        withDate,
      );
    } else {
      const data = { projectId: id, month: on.slice(0, 7), investment: Math.floor(random() * 5000), progress: Math.floor(random() * 100) };
      await append(streams.project(id), { type: 'ProgressReported', data }, withDate);
    }
  }
  const recorded = (await store.readAll()).map((e) => upcastEvent(e) as unknown as EventEnvelope);
  return { store, recorded, end: now };
}

/** The definition: fold exactly the events that count. */
const foldOf = (events: EventEnvelope[]) => events.reduce(evolveBoard, initialBoard());

/**
 * Which events count on business day `on`, written out here rather than taken from the code under test:
 * standing data (places, task forces, indicator targets, light rules) on every day; a monthly report
 * from the first day of its month, whenever entered; anything else from its business day (its
 * `occurredOn`, else the China day it was recorded).
 */
const STANDING = ['RegionDefined', 'TaskForceFormed', 'TaskForceAmended', 'IndicatorTargetSet', 'LightRulesAdopted'];
const countsOn = (e: EventEnvelope, on: string): boolean => {
  if (STANDING.includes(e.type)) return true;
  if (e.type === 'ProgressReported' || e.type === 'IndicatorReported') return `${(e.data as { month: string }).month}-01` <= on;
  return businessDay(e) <= on;
};

const previousDay = (day: string) => new Date(Date.parse(day) - DAY).toISOString().slice(0, 10);

describe('replay in two times (property)', () => {
  it('the board at a random T, on a random D, and at T about D, is the fold of exactly the events recorded by T that count on D (standing data always, reports by their month)', async () => {
    const { store, recorded, end } = await randomHistory(20261202, 1200);
    const random = mulberry32(7);
    const someTime = () => START + Math.floor(random() * (end - START + DAY));
    const someDay = () => new Date(START - 40 * DAY + Math.floor(random() * (end - START + 41 * DAY))).toISOString().slice(0, 10);
    for (let i = 0; i < 12; i++) {
      const at = someTime();
      const on = someDay();
      expect(await replayBoard(store, { at })).toEqual(foldOf(recorded.filter((e) => e.meta.recordedAt <= at)));
      expect(await replayBoard(store, { on })).toEqual(foldOf(recorded.filter((e) => countsOn(e, on))));
      expect(await replayBoard(store, { at, on })).toEqual(foldOf(recorded.filter((e) => e.meta.recordedAt <= at && countsOn(e, on))));
    }
    // Recorded and business order really disagree in this history, or the property would say little.
    const late = recorded.filter((e, i) => i > 0 && businessDay(e) < businessDay(recorded[i - 1]));
    expect(late.length).toBeGreaterThan(100);
    // And standing data and reports often count on days before their business day, or the definition would say little.
    const early = recorded.filter((e) => !countsOn(e, businessDay(e)) || countsOn(e, previousDay(businessDay(e))));
    expect(early.filter((e) => STANDING.includes(e.type)).length).toBeGreaterThan(1);
    expect(early.filter((e) => e.type === 'IndicatorReported').length).toBeGreaterThan(5);
    expect(early.filter((e) => e.type === 'ProgressReported').length).toBeGreaterThan(100);
    await store.close();
  });
  it('from snapshots every 97 events, the same boards: a snapshot serves on=D only when every event it covers counts on D', async () => {
    const { store, recorded, end } = await randomHistory(20261203, 1200);
    const snapshots = new BoardSnapshots(':memory:', 97, 7);
    const live = new LiveBoard(store, 0, snapshots);
    live.start();
    await live.ready;
    await live.stop();
    expect(snapshots.size).toBe(Math.floor(recorded.length / 97));
    const random = mulberry32(11);
    let onFromSnapshot = 0;
    for (let i = 0; i < 12; i++) {
      const at = START + Math.floor(random() * (end - START + DAY));
      const on = new Date(START - 40 * DAY + Math.floor(random() * (end - START + 41 * DAY))).toISOString().slice(0, 10);
      if (await snapshots.newest(store, { on })) onFromSnapshot += 1;
      expect(await replayBoard(store, { at }, snapshots)).toEqual(foldOf(recorded.filter((e) => e.meta.recordedAt <= at)));
      expect(await replayBoard(store, { on }, snapshots)).toEqual(foldOf(recorded.filter((e) => countsOn(e, on))));
      expect(await replayBoard(store, { at, on }, snapshots)).toEqual(
        foldOf(recorded.filter((e) => e.meta.recordedAt <= at && countsOn(e, on))),
      );
    }
    // Some business-time replays really started from a snapshot, or the property would say little about them.
    expect(onFromSnapshot).toBeGreaterThan(2);
    snapshots.close();
    await store.close();
  });
});
