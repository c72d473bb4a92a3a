import { type ProjectCommand, StaleRevisionError, projectDecider } from '@battlemap/events';
import { SqliteEventStore } from '../store/sqlite-event-store';
import { handleCommand } from './command-handler';

const actor = { id: 'u1', name: '王芳', role: 'supervisor' as const };
const meta = { today: '2026-06-15' };
const register: ProjectCommand = {
  type: 'RegisterProject',
  data: {
    projectId: 'p1',
    name: '青川阜成50万吨绿色循环变形铝合金项目',
    taskForceId: 'aluminum',
    regionId: 'qingchuan',
    owner: '阜成铝业',
    kind: '新建',
    totalInvestment: 350000,
    annualPlanInvestment: 100000,
    stage: 'signed',
    stageOn: '2026-01-10',
    location: [105.2, 32.5],
  },
  meta,
};
const report = (month: string): ProjectCommand => ({ type: 'ReportProgress', data: { month, investment: 8000, progress: 35 }, meta });

describe('handleCommand under concurrent writers', () => {
  let store: SqliteEventStore;
  beforeEach(async () => {
    store = new SqliteEventStore(':memory:');
    await handleCommand(store, 'project-p1', projectDecider, register, { actor });
  });
  afterEach(() => store.close());

  it('decides again on the stream as it now is when another writer got in first and no revision was named', async () => {
    // Both load revision 0 and append together: the second finds the stream moved on.
    const answers = await Promise.all(
      ['2026-03', '2026-04', '2026-05'].map((month) => handleCommand(store, 'project-p1', projectDecider, report(month), { actor })),
    );
    expect(answers.map((a) => a.revision).sort()).toEqual([1, 2, 3]);
    const { events } = await store.readStream('project-p1');
    expect(events.map((e) => e.type)).toEqual(['ProjectRegistered', 'ProgressReported', 'ProgressReported', 'ProgressReported']);
    // The hash chain holds across the retried decisions.
    for (let i = 1; i < events.length; i++) expect(events[i].meta.prevHash).toBe(events[i - 1].meta.hash);
  });

  it('refuses (409) a command that named the revision it saw, when another writer got in first', async () => {
    const outcomes = await Promise.allSettled(
      ['2026-03', '2026-04'].map((month) =>
        handleCommand(store, 'project-p1', projectDecider, report(month), { actor, expectedRevision: 0 }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(StaleRevisionError);
  });
});
