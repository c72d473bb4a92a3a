import type { DomainEvent } from '../index';
import { specFor } from '../testing/specification';
import {
  type DeadlineView,
  deadlineDecider,
  dueDeadlineFact,
  evolveDeadlineView,
  initialDeadlineView,
  parseEscalationPolicy,
} from './deadline-rules';
import { problemDecider } from './problem';

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
const overdue: DomainEvent = {
  type: 'ProblemWentOverdue',
  data: { problemId: 'q1', deadline: '2026-06-30', since: '2026-07-01', on: '2026-07-02' },
};
const view = (events: DomainEvent[]): DeadlineView =>
  events.reduce((v, e) => evolveDeadlineView(v, e, problemDecider.evolve), initialDeadlineView());
const spec = specFor(deadlineDecider);

describe('deadline decider: each fact once per deadline', () => {
  it('records a problem overdue, but not twice for the same deadline', () => {
    const command = { type: 'MarkProblemOverdue' as const, data: overdue.data as never, meta: { today: '2026-07-02' } };
    spec.given([]).when(command).then([overdue]);
    spec.given([overdue]).when(command).thenThrows(422, 'already_overdue');
  });

  it('records a reminder once per deadline', () => {
    const reminder: DomainEvent = {
      type: 'DeadlineReminderDue',
      data: { problemId: 'q1', deadline: '2026-06-30', daysLeft: 3, on: '2026-06-27' },
    };
    const command = { type: 'RemindDeadline' as const, data: reminder.data as never, meta: { today: '2026-06-27' } };
    spec.given([]).when(command).then([reminder]);
    spec.given([reminder]).when(command).thenThrows(422, 'already_reminded');
  });
});

describe('what the deadline manager does today', () => {
  it('reminds 3 days before the deadline, not 4', () => {
    expect(dueDeadlineFact(view([raised]), '2026-06-26')).toBeNull();
    expect(dueDeadlineFact(view([raised]), '2026-06-27')).toMatchObject({
      stream: 'deadline',
      command: { type: 'RemindDeadline', data: { daysLeft: 3 } },
    });
  });

  it('marks the problem overdue the day after its deadline, with its first overdue day', () => {
    expect(dueDeadlineFact(view([raised]), '2026-06-30')).toMatchObject({ command: { type: 'RemindDeadline' } });
    expect(dueDeadlineFact(view([raised]), '2026-07-02')).toEqual({
      stream: 'deadline',
      command: {
        type: 'MarkProblemOverdue',
        data: { problemId: 'q1', deadline: '2026-06-30', since: '2026-07-01', on: '2026-07-02' },
        meta: { today: '2026-07-02' },
      },
    });
  });

  it('escalates one level N days (by severity) after the overdue was recorded, as the system with the rule', () => {
    expect(dueDeadlineFact(view([raised, overdue]), '2026-07-04')).toBeNull();
    const due = dueDeadlineFact(view([raised, overdue]), '2026-07-05');
    expect(due).toEqual({
      stream: 'problem',
      command: {
        type: 'EscalateProblem',
        data: { level: 'county', on: '2026-07-05', reason: '超期5天未办结，系统按规则自动上报', rule: 'overdue-major-3d' },
        meta: { today: '2026-07-05' },
      },
    });
    const escalated: DomainEvent = { type: 'ProblemEscalated', data: { problemId: 'q1', ...(due!.command.data as object) } as never };
    expect(dueDeadlineFact(view([raised, overdue, escalated]), '2026-07-07')).toBeNull();
    expect(dueDeadlineFact(view([raised, overdue, escalated]), '2026-07-08')).toMatchObject({ command: { data: { level: 'city' } } });
    expect(dueDeadlineFact(view([raised, overdue]), '2026-07-03', parseEscalationPolicy('major=1'))).toMatchObject({ stream: 'problem' });
  });

  it('does nothing for a resolved problem, and starts over for a moved deadline', () => {
    const resolved: DomainEvent = { type: 'ProblemResolved', data: { problemId: 'q1', resolution: '已调剂', on: '2026-07-03' } };
    expect(dueDeadlineFact(view([raised, overdue, resolved]), '2026-07-20')).toBeNull();
    const moved: DomainEvent = {
      type: 'ProblemAssigned',
      data: { problemId: 'q1', unit: '自然资源局', deadline: '2026-07-31', on: '2026-07-03' },
    };
    expect(dueDeadlineFact(view([raised, overdue, moved]), '2026-07-10')).toBeNull();
    expect(dueDeadlineFact(view([raised, overdue, moved]), '2026-08-01')).toMatchObject({
      command: { type: 'MarkProblemOverdue', data: { deadline: '2026-07-31' } },
    });
  });

  it('reads an escalation policy, refusing nonsense', () => {
    expect(parseEscalationPolicy('critical=2, normal=10')).toEqual({ critical: 2, major: 3, normal: 10 });
    expect(() => parseEscalationPolicy('urgent=1')).toThrow('not understood');
    expect(() => parseEscalationPolicy('major=0')).toThrow('not understood');
  });
});
