import type { EventEnvelope } from '../envelope';
import { type DomainEvent, assertNever, isEventType } from '../catalogue/events';
import { monthNumber } from '../dates';
import { formatOneDecimal, formatYi, formatYoy, shorten } from './format';
import { CATEGORY_LABELS, ESCALATION_LABELS, INSPECTION_LABELS, SEVERITY_LABELS, STAGE_LABELS } from './labels';
import type { BoardState, FeedEntry } from './state';

/** What an event says, before the envelope's position, time and actor are attached. */
interface Line {
  text: string;
  on?: string;
  projectId?: string;
  regionId?: string;
  taskForceId?: string;
}

/**
 * One Chinese line for the feed, e.g. "【苍溪县】川娃子火锅食材产业园 开工 · 张伟". Called after the
 * event is applied, so a registration can already name its project. Returns null for events that are
 * set-up, not news (regions, accounts): a screen's feed should show work being done.
 */
export function narrate(state: BoardState, event: DomainEvent, envelope: EventEnvelope): FeedEntry | null {
  const line = describe(state, event);
  if (!line) return null;
  const entry: FeedEntry = {
    position: envelope.position,
    recordedAt: envelope.meta.recordedAt,
    type: envelope.type,
    text: signed(line.text, envelope),
  };
  const occurredOn = envelope.meta.occurredOn ?? line.on;
  // Keys are set only when they have a value: the state must stay clone-equal (no undefined).
  if (occurredOn) entry.occurredOn = occurredOn;
  if (line.projectId) entry.projectId = line.projectId;
  if (line.regionId) entry.regionId = line.regionId;
  if (line.taskForceId) entry.taskForceId = line.taskForceId;
  return entry;
}

/** Every change is signed by a person; system events (the demo loader, reactors) are not. */
function signed(text: string, envelope: EventEnvelope): string {
  const actor = envelope.meta.actor;
  return actor?.name && actor.role !== 'system' ? `${text} · ${actor.name}` : text;
}

/**
 * Whether `narrate` gives this event a line, whatever the board holds: it depends on the event alone
 * (a type this build knows; news, not set-up; a light change only to or from red). A fold may leave out the lines of events
 * whose line could not reach the feed (see `evolveBoard`), and must know which events will have one.
 */
export function isNews(event: { type: string; data: unknown }): boolean {
  // One this build does not know (a newer server's) is folded without a line.
  if (!isEventType(event.type)) return false;
  if (event.type === 'ProjectLightChanged') {
    const { from, to } = event.data as { from: string; to: string };
    return to === 'red' || from === 'red';
  }
  return !SET_UP.has(event.type);
}

/** The events that are set-up, not news: they have no line in the feed. */
const SET_UP = new Set<string>([
  'RegionDefined',
  'AccountCreated',
  'AccountRoleChanged',
  'AccountScopesGranted',
  'AccountScopesRevoked',
  'AccountDisabled',
  'AccountPasswordReset',
  'ScreenTokenIssued',
  'PasswordHashSet',
  'TokenIssued',
  'TokenRevoked',
  'AllTokensRevoked',
  'AuditSealed',
  'DeadlineReminderDue',
  'NotificationQueued',
  'NotificationAttempted',
  'NotificationSent',
  'NotificationFailed',
] satisfies DomainEvent['type'][]);

function describe(state: BoardState, event: DomainEvent): Line | null {
  switch (event.type) {
    case 'ProjectRegistered':
    case 'ProjectDetailsAmended':
    case 'ProjectStageAdvanced':
    case 'ProgressReported':
    case 'ProjectStalled':
    case 'ProjectRevitalized':
    case 'ProjectTerminated':
    case 'ProjectLeaderAssigned':
      return describeProjectEvent(state, event);
    case 'InspectionRecorded': {
      const d = event.data;
      const found = d.problems.length > 0 ? `发现问题${d.problems.length}个` : '未发现问题';
      const line = projectLine(state, d.projectId, found, d.on, false);
      return { ...line, text: `${INSPECTION_LABELS[d.kind]}：${line.text}` };
    }
    case 'ProblemRaised':
    case 'ProblemAssigned':
    case 'ProblemEscalated':
    case 'ProblemResolved':
    case 'ProblemClosed':
    case 'ProblemReopened':
    case 'ProblemWentOverdue':
      return describeProblemEvent(state, event);
    case 'ProjectLightChanged': {
      const { projectId, from, to, reasons, on } = event.data;
      if (to === 'red') return projectLine(state, projectId, `亮红灯：${shorten(reasons[0] ?? '', 24)}`, on);
      return from === 'red' ? projectLine(state, projectId, `红灯解除，转为${to === 'yellow' ? '黄灯' : '绿灯'}`, on) : null;
    }
    case 'TaskForceFormed':
    case 'TaskForceAmended':
    case 'RedFlagAwarded':
    case 'IndicatorTargetSet':
    case 'IndicatorReported':
    case 'LightRulesAdopted':
      return describeConfigEvent(state, event);
    case 'RegionDefined':
    case 'AccountCreated':
    case 'AccountRoleChanged':
    case 'AccountScopesGranted':
    case 'AccountScopesRevoked':
    case 'AccountDisabled':
    case 'AccountPasswordReset':
    case 'ScreenTokenIssued':
    case 'PasswordHashSet':
    case 'TokenIssued':
    case 'TokenRevoked':
    case 'AllTokensRevoked':
    case 'AuditSealed':
    case 'DeadlineReminderDue':
    case 'NotificationQueued':
    case 'NotificationAttempted':
    case 'NotificationSent':
    case 'NotificationFailed':
      return null;
    default:
      return assertNever(event);
  }
}

type ProjectEvent = Exclude<Extract<DomainEvent, { type: `Project${string}` | 'ProgressReported' }>, { type: 'ProjectLightChanged' }>;

function describeProjectEvent(state: BoardState, event: ProjectEvent): Line {
  const d = event.data;
  switch (event.type) {
    case 'ProjectRegistered': {
      const { stage, stageOn, totalInvestment } = event.data;
      return projectLine(state, d.projectId, `纳入重点项目（${STAGE_LABELS[stage]}，总投资${formatYi(totalInvestment)}）`, stageOn);
    }
    case 'ProjectDetailsAmended':
      return projectLine(state, d.projectId, '项目信息变更');
    case 'ProjectStageAdvanced': {
      const { to, on, batchId } = event.data;
      return projectLine(state, d.projectId, `${batchId ? '集中' : ''}${STAGE_LABELS[to]}`, on);
    }
    case 'ProgressReported': {
      const { month, investment, progress, milestone } = event.data;
      const what = `${monthNumber(month)}月完成投资${formatYi(investment)}，形象进度${formatOneDecimal(progress)}%`;
      return projectLine(state, d.projectId, milestone ? `${what}，${milestone}` : what);
    }
    case 'ProjectStalled':
      return projectLine(state, d.projectId, `列为问题项目：${shorten(event.data.reason)}`, event.data.on);
    case 'ProjectRevitalized':
      return projectLine(state, d.projectId, `盘活：${shorten(event.data.how)}`, event.data.on);
    case 'ProjectTerminated':
      return projectLine(state, d.projectId, `终止：${shorten(event.data.reason)}`, event.data.on);
    case 'ProjectLeaderAssigned':
      return projectLine(state, d.projectId, '调整挂点领导', event.data.on);
    default:
      return assertNever(event);
  }
}

function projectLine(state: BoardState, projectId: string, what: string, on?: string, withRegion = true): Line {
  const project = state.projects[projectId];
  const region = project ? state.regions[project.regionId]?.name : undefined;
  const place = withRegion && region ? `【${region}】` : '';
  const line: Line = { text: `${place}${project?.name ?? projectId} ${what}`, projectId };
  if (on) line.on = on;
  if (project) {
    line.regionId = project.regionId;
    line.taskForceId = project.taskForceId;
  }
  return line;
}

type ProblemEvent = Extract<DomainEvent, { type: `Problem${string}` }>;

function describeProblemEvent(state: BoardState, event: ProblemEvent): Line {
  const d = event.data;
  switch (event.type) {
    case 'ProblemRaised': {
      const { category, severity, raisedOn, projectId, description } = event.data;
      const where = projectId ? `${state.projects[projectId]?.name ?? projectId} ` : '';
      const what = `【${CATEGORY_LABELS[category]}】${shorten(description)}（${SEVERITY_LABELS[severity]}）`;
      return problemLine(state, d.problemId, `发现问题：${where}${what}`, raisedOn);
    }
    case 'ProblemAssigned': {
      const { unit, on } = event.data;
      const deadline = state.problems[d.problemId]?.deadline;
      return problemLine(state, d.problemId, `问题交办：${about(state, d.problemId)} → ${unit}${deadline ? `，时限${deadline}` : ''}`, on);
    }
    case 'ProblemEscalated': {
      const by = event.data.rule ? '（超期自动上报）' : '';
      return problemLine(
        state,
        d.problemId,
        `问题${ESCALATION_LABELS[event.data.level]}${by}：${about(state, d.problemId)}`,
        event.data.on,
      );
    }
    case 'ProblemWentOverdue':
      return problemLine(state, d.problemId, `问题超期：${about(state, d.problemId)}（时限${event.data.deadline}）`, event.data.on);
    case 'ProblemResolved':
      return problemLine(state, d.problemId, `问题解决：${about(state, d.problemId)}`, event.data.on);
    case 'ProblemClosed':
      return problemLine(state, d.problemId, `问题销号：${about(state, d.problemId)}`, event.data.on);
    case 'ProblemReopened':
      return problemLine(
        state,
        d.problemId,
        `问题重新打开：${about(state, d.problemId)}（${shorten(event.data.reason, 16)}）`,
        event.data.on,
      );
    default:
      return assertNever(event);
  }
}

function about(state: BoardState, problemId: string): string {
  const problem = state.problems[problemId];
  return problem ? shorten(problem.description) : problemId;
}

function problemLine(state: BoardState, problemId: string, text: string, on: string): Line {
  const problem = state.problems[problemId];
  const project = problem?.projectId ? state.projects[problem.projectId] : undefined;
  const line: Line = { text, on };
  if (problem?.projectId) line.projectId = problem.projectId;
  const regionId = project?.regionId ?? problem?.regionId;
  const taskForceId = project?.taskForceId ?? problem?.taskForceId;
  if (regionId) line.regionId = regionId;
  if (taskForceId) line.taskForceId = taskForceId;
  return line;
}

type ConfigEvent = Extract<
  DomainEvent,
  { type: 'TaskForceFormed' | 'TaskForceAmended' | 'RedFlagAwarded' | 'IndicatorTargetSet' | 'IndicatorReported' | 'LightRulesAdopted' }
>;

function describeConfigEvent(state: BoardState, event: ConfigEvent): Line {
  switch (event.type) {
    case 'TaskForceFormed':
      return { text: `成立${event.data.name}`, taskForceId: event.data.taskForceId };
    case 'TaskForceAmended': {
      const id = event.data.taskForceId;
      return { text: `${state.taskForces[id]?.name ?? id} 信息变更`, taskForceId: id };
    }
    case 'RedFlagAwarded': {
      const { taskForceId, month, on } = event.data;
      return { text: `${state.taskForces[taskForceId]?.name ?? taskForceId} 获得${month}流动红旗`, on, taskForceId };
    }
    case 'IndicatorTargetSet': {
      const { regionId, metric, year, target, unit, label } = event.data;
      const text = `${regionPlace(state, regionId)}${label || metric} ${year}年目标${amount(target, unit)}`;
      return { text, regionId };
    }
    case 'IndicatorReported':
      return describeIndicatorReport(state, event.data);
    case 'LightRulesAdopted':
      return { text: `红黄绿灯规则第${event.data.version}版自${event.data.effectiveFrom}起施行` };
    default:
      return assertNever(event);
  }
}

function describeIndicatorReport(state: BoardState, d: Extract<DomainEvent, { type: 'IndicatorReported' }>['data']): Line {
  const indicator = state.indicators[`${d.regionId}-${d.metric}-${d.year}`];
  const m = monthNumber(d.month);
  const span = m === 1 ? '1月' : `1-${m}月`;
  const yoy = d.yoy === null ? '' : `，同比${formatYoy(d.yoy)}`;
  const text = `${regionPlace(state, d.regionId)}${indicator?.label || d.metric} ${span}累计${amount(d.value, indicator?.unit ?? '')}${yoy}`;
  return { text, regionId: d.regionId };
}

function regionPlace(state: BoardState, regionId: string): string {
  return `【${state.regions[regionId]?.name ?? regionId}】`;
}

/** Indicators in 万元 read in 亿元; any other unit is shown as reported. */
function amount(value: number, unit: string): string {
  return unit === '万元' || unit === '' ? formatYi(value) : `${value}${unit}`;
}
