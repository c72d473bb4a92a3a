import { type BoardViewDetail, LIGHT_LABELS, type ProjectRow, STAGE_LABELS } from '@battlemap/events';
import type { RecordedEvent } from '../store/event-store.port';
import type { Column } from './table-stream';

/** The columns of the exported log and board, with Chinese headers. */

const iso = (ms: number) => new Date(ms).toISOString();

export const EVENT_COLUMNS: Column<RecordedEvent>[] = [
  { header: '位置', width: 10, value: (e) => e.position },
  { header: '入库时间（UTC）', width: 26, value: (e) => iso(e.meta.recordedAt) },
  { header: '业务日期', width: 12, value: (e) => (typeof e.meta.occurredOn === 'string' ? e.meta.occurredOn : null) },
  { header: '事件流', width: 28, value: (e) => e.stream },
  { header: '流内序号', width: 8, value: (e) => e.revision },
  { header: '事件类型', width: 24, value: (e) => e.type },
  { header: '操作人', width: 12, value: (e) => actorOf(e).name ?? null },
  { header: '操作人账号', width: 12, value: (e) => actorOf(e).id ?? null },
  { header: '角色', width: 10, value: (e) => actorOf(e).role ?? null },
  { header: '数据（JSON）', width: 60, value: (e) => JSON.stringify(e.data) },
  { header: '哈希', width: 20, value: (e) => (typeof e.meta.hash === 'string' ? e.meta.hash : null) },
];

function actorOf(event: RecordedEvent): { id?: string; name?: string; role?: string } {
  return (event.meta.actor ?? {}) as { id?: string; name?: string; role?: string };
}

/** Project rows of a board view, named by the view's own regions and task forces. */
export function boardColumns(view: BoardViewDetail): Column<ProjectRow>[] {
  const regions = new Map(view.regions.map((r) => [r.id, r.name]));
  const taskForces = new Map(view.taskForces.map((t) => [t.id, t.name]));
  return [
    { header: '项目编号', width: 14, value: (p) => p.id },
    { header: '项目名称', width: 30, value: (p) => p.name },
    { header: '属地', width: 12, value: (p) => regions.get(p.regionId) ?? p.regionId },
    { header: '产业专班', width: 22, value: (p) => taskForces.get(p.taskForceId) ?? p.taskForceId },
    { header: '阶段', width: 8, value: (p) => STAGE_LABELS[p.stage] },
    { header: '问题项目', width: 8, value: (p) => (p.stalled ? '是' : '否') },
    { header: '亮灯', width: 6, value: (p) => LIGHT_LABELS[p.light] },
    { header: '亮灯原因', width: 40, value: (p) => p.lightReasons.join('；') },
    { header: '形象进度（%）', width: 10, value: (p) => p.progress },
    { header: '总投资（万元）', width: 12, value: (p) => p.totalInvestment },
    { header: '年度计划投资（万元）', width: 14, value: (p) => p.annualPlanInvestment },
    { header: '本年完成投资（万元）', width: 14, value: (p) => p.yearInvestment },
  ];
}

/** The board's totals as label/value rows: 四新一盘活, stages, problems. */
export function boardTotals(view: BoardViewDetail): { label: string; value: number }[] {
  const { counters, stages, problems } = view;
  return [
    { label: `${view.year}年 新洽谈`, value: counters.negotiated },
    { label: `${view.year}年 新签约`, value: counters.signed },
    { label: `${view.year}年 新签约投资（万元）`, value: counters.signedInvestment },
    { label: `${view.year}年 新开工`, value: counters.started },
    { label: `${view.year}年 新开工投资（万元）`, value: counters.startedInvestment },
    { label: `${view.year}年 新竣工`, value: counters.completed },
    { label: `${view.year}年 盘活`, value: counters.revitalized },
    ...(Object.keys(stages) as (keyof typeof stages)[]).map((key) => ({
      label: `在库：${key === 'stalled' ? '问题项目' : STAGE_LABELS[key]}`,
      value: stages[key],
    })),
    { label: '问题：未办结', value: problems.open },
    { label: '问题：超期', value: problems.overdue },
    { label: '问题：已上报', value: problems.escalated },
    { label: '问题：已销号', value: problems.closed },
  ];
}

export const TOTAL_COLUMNS: Column<{ label: string; value: number }>[] = [
  { header: '项目', width: 30, value: (r) => r.label },
  { header: '数值', width: 14, value: (r) => r.value },
];
