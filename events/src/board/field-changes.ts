import type { EventEnvelope } from '../envelope';
import { evolveBoard } from './evolve';
import { type BoardState, type ProblemState, type ProjectState, initialBoard } from './state';

/**
 * A project's or a problem's history as field changes: for each event of its stream, which fields
 * changed from what to what. Folded with the board's own evolve, so it says exactly what the board
 * took from each event. Values are shown as plain text (numbers in 万元, days YYYY-MM-DD).
 */

export interface FieldChange {
  field: string;
  /** Chinese label of the field. */
  label: string;
  from: string | null;
  to: string | null;
}

export interface ChangeStep {
  position: string;
  revision: number;
  type: string;
  recordedAt: number;
  occurredOn: string | null;
  who: string;
  changes: FieldChange[];
}

type Fields = Record<string, string | null>;

const PROJECT_FIELDS: Record<string, string> = {
  name: '名称',
  stage: '阶段',
  stageOn: '进入阶段日期',
  stalled: '问题项目',
  terminated: '终止',
  regionId: '属地',
  taskForceId: '产业专班',
  owner: '业主单位',
  kind: '类型',
  totalInvestment: '总投资（万元）',
  annualPlanInvestment: '年度计划投资（万元）',
  plannedStart: '计划开工',
  plannedCompletion: '计划竣工',
  leadUnit: '责任单位',
  leaderId: '挂点领导',
  latestReport: '最新月报',
};

const PROBLEM_FIELDS: Record<string, string> = {
  status: '状态',
  deadline: '办理期限',
  unit: '责任单位',
  escalationLevel: '上报层级',
  severity: '严重程度',
  description: '问题描述',
  closedOn: '销号日期',
  reopenCount: '重开次数',
};

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function projectFields(project: ProjectState | undefined): Fields {
  if (!project) return {};
  let latest: string | null = null;
  for (const month in project.reports) if (latest === null || month > latest) latest = month;
  const report = latest === null ? null : project.reports[latest];
  return {
    name: project.name,
    stage: project.stage,
    stageOn: project.stageOn,
    stalled: project.stalled ? `${project.stalled.on} ${project.stalled.reason}` : null,
    terminated: project.terminated ? `${project.terminated.on} ${project.terminated.reason}` : null,
    regionId: project.regionId,
    taskForceId: project.taskForceId,
    owner: project.owner,
    kind: project.kind,
    totalInvestment: text(project.totalInvestment),
    annualPlanInvestment: text(project.annualPlanInvestment),
    plannedStart: project.plannedStart,
    plannedCompletion: project.plannedCompletion,
    leadUnit: project.leadUnit,
    leaderId: project.leaderId,
    latestReport: report ? `${latest} 完成投资${report.investment}万元 形象进度${report.progress}%` : null,
  };
}

function problemFields(problem: ProblemState | undefined): Fields {
  if (!problem) return {};
  return {
    status: problem.status,
    deadline: problem.deadline,
    unit: problem.unit,
    escalationLevel: problem.escalationLevel,
    severity: problem.severity,
    description: problem.description,
    closedOn: problem.closedOn,
    reopenCount: text(problem.reopenCount),
  };
}

/** The field changes of each event of one project's or problem's stream (events in revision order). */
export function fieldChanges(kind: 'project' | 'problem', id: string, events: EventEnvelope[]): ChangeStep[] {
  const labels = kind === 'project' ? PROJECT_FIELDS : PROBLEM_FIELDS;
  const read = (state: BoardState) =>
    kind === 'project'
      ? projectFields(Object.hasOwn(state.projects, id) ? state.projects[id] : undefined)
      : problemFields(Object.hasOwn(state.problems, id) ? state.problems[id] : undefined);
  let state = initialBoard();
  return events.map((event) => {
    const before = read(state);
    state = evolveBoard(state, event);
    const after = read(state);
    const changes: FieldChange[] = [];
    for (const field of Object.keys(labels)) {
      const from = before[field] ?? null;
      const to = after[field] ?? null;
      if (from !== to) changes.push({ field, label: labels[field], from, to });
    }
    const actor = event.meta.actor;
    return {
      position: event.position,
      revision: event.revision,
      type: event.type,
      recordedAt: event.meta.recordedAt,
      occurredOn: event.meta.occurredOn ?? null,
      who: actor && actor.role !== 'system' ? actor.name : '系统',
      changes,
    };
  });
}
