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
import { replayBoard } from './live-board';

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
  for (let i = 0; i < count; i++) {
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
        regionId: 'lizhou',
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

describe('replay in two times (property)', () => {
  it('the board at a random T, on a random D, and at T about D, is the fold of exactly the events recorded by T and occurred by D', async () => {
    const { store, recorded, end } = await randomHistory(20261202, 1200);
    const random = mulberry32(7);
    const someTime = () => START + Math.floor(random() * (end - START + DAY));
    const someDay = () => new Date(START - 40 * DAY + Math.floor(random() * (end - START + 41 * DAY))).toISOString().slice(0, 10);
    for (let i = 0; i < 12; i++) {
      const at = someTime();
      const on = someDay();
      expect(await replayBoard(store, { at })).toEqual(foldOf(recorded.filter((e) => e.meta.recordedAt <= at)));
      expect(await replayBoard(store, { on })).toEqual(foldOf(recorded.filter((e) => businessDay(e) <= on)));
      expect(await replayBoard(store, { at, on })).toEqual(foldOf(recorded.filter((e) => e.meta.recordedAt <= at && businessDay(e) <= on)));
    }
    // Recorded and business order really disagree in this history, or the property would say little.
    const late = recorded.filter((e, i) => i > 0 && businessDay(e) < businessDay(recorded[i - 1]));
    expect(late.length).toBeGreaterThan(100);
    await store.close();
  });
});
