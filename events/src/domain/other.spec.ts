import { DomainEvent } from '../index';
import { specFor } from '../testing/specification';
import { accountDecider } from './account';
import { auditSealDecider } from './audit-seal';
import { indicatorDecider } from './indicator';
import { inspectionDecider } from './inspection';
import { lightRulesDecider } from './light-rules';
import { redFlagDecider } from './red-flag';
import { taskForceDecider } from './task-force';

const meta = { today: '2026-06-15' };

describe('inspection decider', () => {
  const data = {
    inspectionId: 'i1',
    projectId: 'p1',
    kind: 'inspection' as const,
    on: '2026-06-10',
    inspectorId: 'insp-01',
    findings: '进度滞后',
    rating: 3,
    problems: [
      { problemId: 'i1-q1', category: 'land' as const, description: '用地未报批', deadline: '2026-06-30', severity: 'normal' as const },
    ],
  };
  it('records an inspection with the problems it raises in its own event', () => {
    specFor(inspectionDecider)
      .given([])
      .when({ type: 'RecordInspection', data, meta })
      .then([{ type: 'InspectionRecorded', data }]);
  });
  it('refuses a problem deadline before the visit', () => {
    const bad = { ...data, problems: [{ ...data.problems[0], deadline: '2026-06-01' }] };
    specFor(inspectionDecider).given([]).when({ type: 'RecordInspection', data: bad, meta }).thenThrows(422, 'deadline_before_raised');
  });
});

describe('task force and red flag deciders', () => {
  const formed: DomainEvent = {
    type: 'TaskForceFormed',
    data: { taskForceId: 'aluminum', name: '铝基新材料专班', industry: '铝基新材料', chiefId: 'ld-1', leadUnit: '市经信局' },
  };
  it('forms once', () => {
    specFor(taskForceDecider)
      .given([formed])
      .when({ type: 'FormTaskForce', data: formed.data as never, meta })
      .thenThrows(422, 'task_force_exists');
  });
  it('awards one red flag a month, not in advance', () => {
    const award = { type: 'AwardRedFlag' as const, data: { taskForceId: 'aluminum', month: '2026-05', on: '2026-06-03' }, meta };
    specFor(redFlagDecider)
      .given([])
      .when(award)
      .then([{ type: 'RedFlagAwarded', data: award.data }]);
    specFor(redFlagDecider)
      .given([{ type: 'RedFlagAwarded', data: award.data }])
      .when(award)
      .thenThrows(422, 'red_flag_awarded');
    specFor(redFlagDecider)
      .given([])
      .when({ ...award, data: { ...award.data, month: '2026-07' } })
      .thenThrows(422, 'month_in_future');
  });
});

describe('indicator decider', () => {
  const target: DomainEvent = {
    type: 'IndicatorTargetSet',
    data: { regionId: 'guangyuan', metric: 'gdp', year: 2026, target: 1000, unit: '万元' },
  };
  const report = { regionId: 'guangyuan', metric: 'gdp', year: 2026, month: '2026-05', value: 400, yoy: 8.1 };
  it('needs a target before a report', () => {
    specFor(indicatorDecider).given([]).when({ type: 'ReportIndicator', data: report, meta }).thenThrows(404, 'indicator_not_found');
  });
  it('takes months of its own year, up to this month', () => {
    specFor(indicatorDecider)
      .given([target])
      .when({ type: 'ReportIndicator', data: report, meta })
      .then([{ type: 'IndicatorReported', data: report }]);
    specFor(indicatorDecider)
      .given([target])
      .when({ type: 'ReportIndicator', data: { ...report, month: '2025-12' }, meta })
      .thenThrows(422, 'month_outside_year');
    specFor(indicatorDecider)
      .given([target])
      .when({ type: 'ReportIndicator', data: { ...report, month: '2026-07' }, meta })
      .thenThrows(422, 'month_in_future');
  });
});

describe('light rules decider', () => {
  const rules = { effectiveFrom: '2026-03-01', yellowLagPoints: 10, redLagPoints: 30, redStartSlipMonths: 3 };
  it('numbers versions and refuses backdating before the rules in force', () => {
    specFor(lightRulesDecider)
      .given([])
      .when({ type: 'AdoptLightRules', data: rules, meta })
      .then([{ type: 'LightRulesAdopted', data: { version: 1, ...rules } }]);
    const adopted: DomainEvent = { type: 'LightRulesAdopted', data: { version: 1, ...rules } };
    specFor(lightRulesDecider)
      .given([adopted])
      .when({ type: 'AdoptLightRules', data: { ...rules, effectiveFrom: '2026-02-01' }, meta })
      .thenThrows(422, 'rules_backdated');
    specFor(lightRulesDecider)
      .given([])
      .when({ type: 'AdoptLightRules', data: { ...rules, redLagPoints: 5 }, meta })
      .thenThrows(422, 'invalid_rules');
  });
});

describe('account decider', () => {
  const created: DomainEvent = {
    type: 'AccountCreated',
    data: { username: 'li', displayName: '李明', role: 'supervisor', scopes: { taskForces: ['aluminum'], regions: [] } },
  };
  it('grants and revokes scopes, and refuses changes to a disabled account', () => {
    specFor(accountDecider)
      .given([created])
      .when({ type: 'ChangeAccountScopes', data: { grant: { taskForces: [], regions: ['cangxi'] } }, meta })
      .then([{ type: 'AccountScopesGranted', data: { username: 'li', scopes: { taskForces: [], regions: ['cangxi'] } } }]);
    const disabled: DomainEvent = { type: 'AccountDisabled', data: { username: 'li', reason: '调离' } };
    specFor(accountDecider)
      .given([created, disabled])
      .when({ type: 'ChangeAccountRole', data: { role: 'admin' }, meta })
      .thenThrows(422, 'account_disabled');
  });
});

describe('audit seal decider', () => {
  const data = { month: '2026-05', position: '120', head: 'a'.repeat(64), events: 120, boardDigest: 'b'.repeat(64) };
  it('seals an ended month once', () => {
    specFor(auditSealDecider)
      .given([])
      .when({ type: 'SealAuditMonth', data, meta })
      .then([{ type: 'AuditSealed', data }]);
    specFor(auditSealDecider)
      .given([{ type: 'AuditSealed', data }])
      .when({ type: 'SealAuditMonth', data, meta })
      .thenThrows(422, 'month_sealed');
  });
  it('refuses a month that has not ended', () => {
    specFor(auditSealDecider)
      .given([])
      .when({ type: 'SealAuditMonth', data: { ...data, month: '2026-06' }, meta })
      .thenThrows(422, 'month_not_over');
  });
});
