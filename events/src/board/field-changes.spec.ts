import { advance, assigned, closed, envelopes, problem, progress, project, reopened, stalled } from './board-test-kit';
import { fieldChanges } from './field-changes';

describe('a history as field changes', () => {
  it('says which fields of a project changed from what to what, event by event', () => {
    const events = envelopes([
      project('p1', { stage: 'signed', stageOn: '2026-01-10', totalInvestment: 50_000 }),
      advance('p1', 'signed', 'started', '2026-03-05'),
      progress('p1', '2026-03', 1200, 15),
      stalled('p1', '2026-04-01', '资金链断裂'),
    ]);
    const steps = fieldChanges('project', 'p1', events);
    expect(steps).toHaveLength(4);
    expect(steps[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'stage', label: '阶段', from: null, to: 'signed' },
        { field: 'totalInvestment', label: '总投资（万元）', from: null, to: '50000' },
      ]),
    );
    expect(steps[1].changes).toEqual([
      { field: 'stage', label: '阶段', from: 'signed', to: 'started' },
      { field: 'stageOn', label: '进入阶段日期', from: '2026-01-10', to: '2026-03-05' },
    ]);
    expect(steps[2].changes).toEqual([
      { field: 'latestReport', label: '最新月报', from: null, to: '2026-03 完成投资1200万元 形象进度15%' },
    ]);
    expect(steps[3].changes).toEqual([{ field: 'stalled', label: '问题项目', from: null, to: '2026-04-01 资金链断裂' }]);
    expect(steps[3].who).toBe('张伟');
  });

  it('follows a problem through its loop and back', () => {
    const events = envelopes([
      problem('q1', { deadline: '2026-04-30' }),
      assigned('q1', '2026-03-02', '2026-05-31'),
      closed('q1', '2026-03-20'),
      reopened('q1', '2026-03-25'),
    ]);
    const steps = fieldChanges('problem', 'q1', events);
    expect(steps[1].changes).toEqual(
      expect.arrayContaining([
        { field: 'status', label: '状态', from: 'raised', to: 'assigned' },
        { field: 'deadline', label: '办理期限', from: '2026-04-30', to: '2026-05-31' },
      ]),
    );
    expect(steps[2].changes).toEqual(
      expect.arrayContaining([
        { field: 'status', label: '状态', from: 'assigned', to: 'closed' },
        { field: 'closedOn', label: '销号日期', from: null, to: '2026-03-20' },
      ]),
    );
    expect(steps[3].changes).toEqual(expect.arrayContaining([{ field: 'reopenCount', label: '重开次数', from: '0', to: '1' }]));
  });
});
