import {
  formatYi,
  isEventType,
  narrate,
  STAGE_LABELS,
  type BoardState,
  type DomainEvent,
  type EventData,
  type EventEnvelope,
} from '@battlemap/events';

/** One event as a person reads it: who, when, what. */
export interface HistoryLine {
  id: string;
  revision: number;
  /** Who did it; empty for the system (the demo loader, reactors). */
  who: string;
  /** When it was recorded, China time, "2026-03-05 14:02". */
  when: string;
  /** The business date when it differs from the recording day. */
  on: string | null;
  text: string;
}

const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export function chinaTime(ms: number): string {
  const parts = Object.fromEntries(timeFormat.formatToParts(ms).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

type Changes = EventData<'ProjectDetailsAmended'>['changes'];

const CHANGE_LABELS: Record<keyof Changes, string> = {
  name: '名称',
  taskForceId: '产业专班',
  regionId: '属地',
  owner: '业主单位',
  kind: '类型',
  totalInvestment: '总投资',
  annualPlanInvestment: '年度计划投资',
  plannedStart: '计划开工',
  plannedCompletion: '计划竣工',
  location: '坐标',
  leadUnit: '责任单位',
  leaderId: '挂点领导',
};

/** "总投资改为6亿元，业主单位改为…": an amendment says what it changed, not only that it did. */
function describeChanges(state: BoardState, changes: Changes): string {
  const parts: string[] = [];
  for (const key of Object.keys(changes) as (keyof Changes)[]) {
    const value = changes[key];
    if (value === undefined || !Object.hasOwn(CHANGE_LABELS, key)) continue;
    let shown: string;
    if (key === 'totalInvestment' || key === 'annualPlanInvestment') shown = formatYi(value as number);
    else if (key === 'regionId') shown = state.regions[value as string]?.name ?? String(value);
    else if (key === 'taskForceId') shown = state.taskForces[value as string]?.name ?? String(value);
    else if (key === 'location') shown = (value as number[]).join(', ');
    else shown = String(value);
    parts.push(`${CHANGE_LABELS[key]}改为${shown}`);
  }
  return parts.join('，');
}

/** Details the one-line feed leaves out but a project's history should keep. */
function detailOf(state: BoardState, event: DomainEvent): string {
  switch (event.type) {
    case 'ProjectDetailsAmended':
      return describeChanges(state, event.data.changes);
    case 'ProjectStageAdvanced':
      return [
        event.data.skipped ? `（跨阶段推进，经过${STAGE_LABELS[event.data.to]}）` : '',
        event.data.note ? `备注：${event.data.note}` : '',
      ]
        .filter(Boolean)
        .join(' ');
    case 'ProgressReported':
      return event.data.note ? `备注：${event.data.note}` : '';
    case 'ProjectLeaderAssigned':
      return `挂点领导：${event.data.leaderId}`;
    default:
      return '';
  }
}

/**
 * The events of a stream in Chinese, newest first, narrated by the same code as the wallboard's feed.
 * `state` supplies names (regions, projects) as they are now.
 */
export function describeHistory(state: BoardState, envelopes: EventEnvelope[]): HistoryLine[] {
  return envelopes.map((envelope) => describeEvent(state, envelope)).reverse();
}

export function describeEvent(state: BoardState, envelope: EventEnvelope): HistoryLine {
  const actor = envelope.meta.actor;
  const who = actor && actor.role !== 'system' ? actor.name : '';
  const line: HistoryLine = {
    id: envelope.id,
    revision: envelope.revision,
    who,
    when: chinaTime(envelope.meta.recordedAt),
    on: null,
    text: envelope.type,
  };
  if (!isEventType(envelope.type)) return line;
  const event = { type: envelope.type, data: envelope.data } as DomainEvent;
  // Narrated unsigned: the person is shown in their own column.
  const unsigned = { ...envelope, meta: { ...envelope.meta, actor: { id: 'system', name: '', role: 'system' as const } } };
  const feed = narrate(state, event, unsigned);
  const detail = detailOf(state, event);
  line.text = [withoutPlace(state, feed?.text ?? envelope.type, event), detail].filter(Boolean).join('：');
  const on = envelope.meta.occurredOn ?? feed?.occurredOn;
  if (on && on !== line.when.slice(0, 10)) line.on = on;
  return line;
}

/** On a project's own page, "【利州区】某某项目 开工" reads better as "开工". */
function withoutPlace(state: BoardState, text: string, event: DomainEvent): string {
  const projectId = (event.data as { projectId?: string }).projectId;
  const project = projectId ? state.projects[projectId] : undefined;
  if (!project) return text;
  const region = state.regions[project.regionId]?.name;
  for (const prefix of [`【${region}】${project.name} `, `${project.name} `]) {
    if (text.startsWith(prefix)) return text.slice(prefix.length);
  }
  return text;
}
