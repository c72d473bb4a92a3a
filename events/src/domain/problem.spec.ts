import { DomainEvent } from '../index';
import { specFor } from '../testing/specification';
import { ProblemCommand, problemDecider } from './problem';

const meta = { today: '2026-06-15' };
const cmd = (c: Omit<ProblemCommand, 'meta'>) => ({ ...c, meta }) as ProblemCommand;
const raised: DomainEvent = {
  type: 'ProblemRaised',
  data: {
    problemId: 'q1',
    projectId: 'p1',
    regionId: 'cangxi',
    category: 'land',
    description: '用地指标未落实',
    deadline: '2026-06-30',
    severity: 'major',
    raisedOn: '2026-06-01',
  },
};
const assigned: DomainEvent = { type: 'ProblemAssigned', data: { problemId: 'q1', unit: '自然资源局', on: '2026-06-02' } };
const escalated: DomainEvent = {
  type: 'ProblemEscalated',
  data: { problemId: 'q1', level: 'city', reason: '需市级协调', on: '2026-06-05' },
};
const resolved: DomainEvent = { type: 'ProblemResolved', data: { problemId: 'q1', resolution: '已调剂指标', on: '2026-06-10' } };
const closed: DomainEvent = { type: 'ProblemClosed', data: { problemId: 'q1', on: '2026-06-12' } };
const spec = specFor(problemDecider);

describe('problem decider: the closed loop', () => {
  it('raises a problem, but not with a deadline before the raise date', () => {
    spec
      .given([])
      .when(cmd({ type: 'RaiseProblem', data: raised.data as never }))
      .then([raised]);
    spec
      .given([])
      .when(cmd({ type: 'RaiseProblem', data: { ...(raised.data as object), deadline: '2026-05-31' } as never }))
      .thenThrows(422, 'deadline_before_raised');
  });

  it('refuses a problem that belongs to no region and no task force', () => {
    const { regionId: _region, projectId: _project, ...unplaced } = raised.data as Record<string, unknown>;
    spec
      .given([])
      .when(cmd({ type: 'RaiseProblem', data: unplaced as never }))
      .thenThrows(422, 'problem_unplaced');
  });

  it('goes raised → assigned → escalated → resolved → closed', () => {
    spec
      .given([raised])
      .when(cmd({ type: 'AssignProblem', data: { unit: '自然资源局', on: '2026-06-02' } }))
      .then([assigned]);
    spec
      .given([raised, assigned])
      .when(cmd({ type: 'EscalateProblem', data: { level: 'city', reason: '需市级协调', on: '2026-06-05' } }))
      .then([escalated]);
    spec
      .given([raised, assigned, escalated])
      .when(cmd({ type: 'ResolveProblem', data: { resolution: '已调剂指标', on: '2026-06-10' } }))
      .then([resolved]);
    spec
      .given([raised, assigned, escalated, resolved])
      .when(cmd({ type: 'CloseProblem', data: { on: '2026-06-12' } }))
      .then([closed]);
  });

  it('closes only a resolved problem', () => {
    spec
      .given([raised, assigned])
      .when(cmd({ type: 'CloseProblem', data: { on: '2026-06-12' } }))
      .thenThrows(422, 'invalid_transition');
  });

  it('reopens from resolved or closed, not from open', () => {
    const reopen = cmd({ type: 'ReopenProblem', data: { reason: '复核未通过', on: '2026-06-13' } });
    const reopened: DomainEvent = { type: 'ProblemReopened', data: { problemId: 'q1', reason: '复核未通过', on: '2026-06-13' } };
    spec.given([raised, assigned, resolved]).when(reopen).then([reopened]);
    spec.given([raised, assigned, resolved, closed]).when(reopen).then([reopened]);
    spec.given([raised, assigned]).when(reopen).thenThrows(422, 'invalid_transition');
  });

  it('a reopened problem can be worked again', () => {
    const reopened: DomainEvent = { type: 'ProblemReopened', data: { problemId: 'q1', reason: 'x', on: '2026-06-13' } };
    spec
      .given([raised, assigned, resolved, closed, reopened])
      .when(cmd({ type: 'ResolveProblem', data: { resolution: '二次处理', on: '2026-06-14' } }))
      .then([{ type: 'ProblemResolved', data: { problemId: 'q1', resolution: '二次处理', on: '2026-06-14' } }]);
  });

  it('refuses to assign, escalate or resolve a closed problem, and dates outside the problem life', () => {
    spec
      .given([raised, resolved, closed])
      .when(cmd({ type: 'AssignProblem', data: { unit: 'x', on: '2026-06-13' } }))
      .thenThrows(422, 'invalid_transition');
    spec
      .given([raised, resolved, closed])
      .when(cmd({ type: 'EscalateProblem', data: { level: 'county', reason: 'x', on: '2026-06-13' } }))
      .thenThrows(422);
    spec
      .given([raised])
      .when(cmd({ type: 'AssignProblem', data: { unit: 'x', on: '2026-05-01' } }))
      .thenThrows(422, 'date_before_raised');
    spec
      .given([raised])
      .when(cmd({ type: 'AssignProblem', data: { unit: 'x', on: '2026-07-01' } }))
      .thenThrows(422, 'date_in_future');
  });

  it('answers 404 for an unknown problem', () => {
    spec
      .given([])
      .when(cmd({ type: 'ResolveProblem', data: { resolution: 'x', on: '2026-06-13' } }))
      .thenThrows(404, 'problem_not_found');
  });
});
