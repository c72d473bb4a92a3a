import { COMMAND_BODIES, DomainEvent, EventData } from '../index';
import { specFor } from '../testing/specification';
import { ProjectCommand, projectDecider } from './project';

const meta = { today: '2026-06-15' };
const registration: EventData<'ProjectRegistered'> = {
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
};
const registered: DomainEvent = { type: 'ProjectRegistered', data: registration };
const cmd = (c: Omit<ProjectCommand, 'meta'>) => ({ ...c, meta }) as ProjectCommand;
const spec = specFor(projectDecider);

describe('project decider', () => {
  it('registers a new project', () => {
    spec
      .given([])
      .when(cmd({ type: 'RegisterProject', data: registration }))
      .then([registered]);
  });

  it('refuses to register the same id twice', () => {
    spec
      .given([registered])
      .when(cmd({ type: 'RegisterProject', data: registration }))
      .thenThrows(422, 'project_exists');
  });

  it('refuses a registration dated in the future', () => {
    spec
      .given([])
      .when(cmd({ type: 'RegisterProject', data: { ...registration, stageOn: '2026-07-01' } }))
      .thenThrows(422, 'date_in_future');
  });

  it('advances one stage', () => {
    spec
      .given([registered])
      .when(cmd({ type: 'AdvanceStage', data: { stage: 'started', on: '2026-03-01' } }))
      .then([{ type: 'ProjectStageAdvanced', data: { projectId: 'p1', from: 'signed', to: 'started', on: '2026-03-01' } }]);
  });

  it('records every skipped stage on the same date when it jumps', () => {
    spec
      .given([registered])
      .when(cmd({ type: 'AdvanceStage', data: { stage: 'operating', on: '2026-05-20', batchId: 'b1' } }))
      .then([
        {
          type: 'ProjectStageAdvanced',
          data: { projectId: 'p1', from: 'signed', to: 'started', on: '2026-05-20', skipped: true, batchId: 'b1' },
        },
        {
          type: 'ProjectStageAdvanced',
          data: { projectId: 'p1', from: 'started', to: 'completed', on: '2026-05-20', skipped: true, batchId: 'b1' },
        },
        { type: 'ProjectStageAdvanced', data: { projectId: 'p1', from: 'completed', to: 'operating', on: '2026-05-20', batchId: 'b1' } },
      ]);
  });

  it('never goes backwards or stays put', () => {
    spec
      .given([registered])
      .when(cmd({ type: 'AdvanceStage', data: { stage: 'negotiating', on: '2026-03-01' } }))
      .thenThrows(422, 'stage_backwards');
    spec
      .given([registered])
      .when(cmd({ type: 'AdvanceStage', data: { stage: 'signed', on: '2026-03-01' } }))
      .thenThrows(422, 'stage_backwards');
  });

  it('refuses a stage date before the current stage date', () => {
    spec
      .given([registered])
      .when(cmd({ type: 'AdvanceStage', data: { stage: 'started', on: '2026-01-01' } }))
      .thenThrows(422, 'date_before_stage');
  });

  it('reports progress for this month or earlier, not the future', () => {
    const data = { month: '2026-05', investment: 8000, progress: 35 };
    spec
      .given([registered])
      .when(cmd({ type: 'ReportProgress', data }))
      .then([{ type: 'ProgressReported', data: { projectId: 'p1', ...data } }]);
    spec
      .given([registered])
      .when(cmd({ type: 'ReportProgress', data: { ...data, month: '2026-07' } }))
      .thenThrows(422, 'month_in_future');
  });

  it('validates progress bodies: well-formed month, investment ≥ 0, progress 0–100', () => {
    const ok = COMMAND_BODIES.reportProgress.safeParse({ month: '2026-05', investment: 0, progress: 100 });
    expect(ok.success).toBe(true);
    for (const bad of [
      { month: '2026-13', investment: 1, progress: 1 },
      { month: '2026-5', investment: 1, progress: 1 },
      { month: '2026-05', investment: -1, progress: 1 },
      { month: '2026-05', investment: 1.5, progress: 1 },
      { month: '2026-05', investment: 1, progress: 101 },
      { month: '2026-05', investment: 1, progress: -1 },
    ]) {
      expect(COMMAND_BODIES.reportProgress.safeParse(bad).success).toBe(false);
    }
  });

  it('allows nothing on a terminated project', () => {
    const terminated: DomainEvent = { type: 'ProjectTerminated', data: { projectId: 'p1', reason: '企业撤资', on: '2026-04-01' } };
    spec
      .given([registered, terminated])
      .when(cmd({ type: 'ReportProgress', data: { month: '2026-05', investment: 1, progress: 1 } }))
      .thenThrows(422, 'project_terminated');
    spec
      .given([registered, terminated])
      .when(cmd({ type: 'AdvanceStage', data: { stage: 'started', on: '2026-05-01' } }))
      .thenThrows(422, 'project_terminated');
  });

  it('stalls and revitalizes, and a stalled project must be revitalized before it advances', () => {
    const stalled: DomainEvent = { type: 'ProjectStalled', data: { projectId: 'p1', reason: '资金链断裂', on: '2026-03-01' } };
    spec
      .given([registered, stalled])
      .when(cmd({ type: 'AdvanceStage', data: { stage: 'started', on: '2026-04-01' } }))
      .thenThrows(422, 'project_stalled');
    spec
      .given([registered, stalled])
      .when(cmd({ type: 'MarkStalled', data: { reason: 'x', on: '2026-03-02' } }))
      .thenThrows(422, 'already_stalled');
    spec
      .given([registered])
      .when(cmd({ type: 'Revitalize', data: { how: 'x', on: '2026-03-02' } }))
      .thenThrows(422, 'not_stalled');
    spec
      .given([registered, stalled])
      .when(cmd({ type: 'Revitalize', data: { how: '引入新投资方', on: '2026-05-01' } }))
      .then([{ type: 'ProjectRevitalized', data: { projectId: 'p1', how: '引入新投资方', on: '2026-05-01' } }]);
  });

  it('answers 404 for commands on an unknown project', () => {
    spec
      .given([])
      .when(cmd({ type: 'MarkStalled', data: { reason: 'x', on: '2026-03-01' } }))
      .thenThrows(404, 'project_not_found');
  });
});
