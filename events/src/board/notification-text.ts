import type { EventData } from '../catalogue/events';
import { addDays, daysBetween } from '../dates';
import { shorten } from './format';
import { ESCALATION_LABELS, SEVERITY_LABELS } from './labels';
import { isOpenStatus } from './lights';
import { problemPlace } from './scope';
import type { BoardState, ProblemState } from './state';

/**
 * What a notification says (markdown, Chinese), from the board and the fact. Pure, so the daily
 * digest of a fixed day is a unit test. `link` is the console's public address, or '' for none.
 */
export interface MessageText {
  title: string;
  text: string;
}

/** Where a project or problem belongs, for a channel's scope (region and/or task force). */
export interface Place {
  regionId: string | null;
  taskForceId: string | null;
}

export function redLightMessage(state: BoardState, change: EventData<'ProjectLightChanged'>, link: string): MessageText {
  const project = state.projects[change.projectId];
  const name = project?.name ?? change.projectId;
  const lines = [
    `### 红灯预警：${name}`,
    '',
    `- 属地：${regionName(state, project?.regionId)}`,
    `- 专班：${taskForceName(state, project?.taskForceId)}`,
    ...change.reasons.map((r) => `- 原因：${r}`),
    `- 日期：${change.on}`,
  ];
  if (link) lines.push('', `[查看项目](${link}/console/projects/${encodeURIComponent(change.projectId)})`);
  return { title: `红灯预警：${shorten(name, 40)}`, text: lines.join('\n') };
}

export function overdueMessage(state: BoardState, fact: EventData<'ProblemWentOverdue'>, link: string): MessageText {
  const problem = state.problems[fact.problemId];
  const late = daysBetween(fact.deadline, fact.on);
  return problemMessage(state, problem, fact.problemId, `问题超期${late}天`, [`- 办结时限：${fact.deadline}`], link);
}

export function escalatedMessage(state: BoardState, fact: EventData<'ProblemEscalated'>, link: string): MessageText {
  const problem = state.problems[fact.problemId];
  const how = fact.rule ? '系统自动上报' : '问题上报';
  return problemMessage(state, problem, fact.problemId, `${how}：${ESCALATION_LABELS[fact.level]}`, [`- 事由：${fact.reason}`], link);
}

export function reminderMessage(state: BoardState, fact: EventData<'DeadlineReminderDue'>, link: string): MessageText {
  const problem = state.problems[fact.problemId];
  const when = fact.daysLeft === 0 ? '今天到期' : `${fact.daysLeft}天后到期`;
  return problemMessage(state, problem, fact.problemId, `临期提醒：${when}`, [`- 办结时限：${fact.deadline}`], link);
}

function problemMessage(
  state: BoardState,
  problem: ProblemState | undefined,
  problemId: string,
  headline: string,
  extra: string[],
  link: string,
): MessageText {
  const about = problem ? shorten(problem.description, 40) : problemId;
  const project = problem?.projectId ? state.projects[problem.projectId] : undefined;
  const place = problem ? problemPlace(state, problem) : { regionId: null, taskForceId: null };
  const lines = [
    `### ${headline}`,
    '',
    `- 问题：${about}${problem ? `（${SEVERITY_LABELS[problem.severity]}）` : ''}`,
    ...(project ? [`- 项目：${project.name}`] : []),
    `- 属地：${regionName(state, place.regionId)}`,
    `- 专班：${taskForceName(state, place.taskForceId)}`,
    ...(problem?.unit ? [`- 责任单位：${problem.unit}`] : []),
    ...extra,
  ];
  if (link && project) lines.push('', `[查看项目](${link}/console/projects/${encodeURIComponent(project.id)})`);
  return { title: `${headline}：${shorten(about, 30)}`, text: lines.join('\n') };
}

/** A project that turned red, for the digest (from the recorded light changes). */
export interface NewRed {
  projectId: string;
  on: string;
  reason: string;
}

const DIGEST_LIST_MAX = 10;

/**
 * The 08:30 digest for `today`: reds recorded since yesterday, problems overdue now, and open
 * problems due within the next 7 days (today included), each list capped with a count of the rest.
 */
export function dailyDigest(state: BoardState, today: string, newReds: NewRed[], link: string, place?: (p: Place) => boolean): MessageText {
  const inScope = place ?? (() => true);
  const yesterday = addDays(today, -1);
  const reds = newReds.filter((r) => r.on >= yesterday && r.on <= today && inScope(projectPlace(state, r.projectId)));
  const open = Object.values(state.problems).filter((p) => isOpenStatus(p.status) && inScope(problemPlace(state, p)));
  const overdue = open.filter((p) => p.deadline < today).sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id));
  const weekEnd = addDays(today, 6);
  const dueSoon = open
    .filter((p) => p.deadline >= today && p.deadline <= weekEnd)
    .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id));
  const lines = [`### 挂图作战每日提醒（${today}）`, ''];
  lines.push(`**新增红灯项目 ${reds.length} 个**`, '');
  lines.push(...capped(reds.map((r) => `- ${state.projects[r.projectId]?.name ?? r.projectId}：${r.reason}`)));
  lines.push('', `**超期未办结问题 ${overdue.length} 个**`, '');
  lines.push(...capped(overdue.map((p) => `- ${problemLabel(state, p)}，超期${daysBetween(p.deadline, today)}天`)));
  lines.push('', `**本周到期问题 ${dueSoon.length} 个**`, '');
  lines.push(...capped(dueSoon.map((p) => `- ${problemLabel(state, p)}，${p.deadline}到期`)));
  if (link) lines.push('', `[打开挂图作战平台](${link}/console/)`);
  return { title: `挂图作战每日提醒（${today}）`, text: lines.join('\n') };
}

function capped(lines: string[]): string[] {
  if (lines.length === 0) return ['- 无'];
  if (lines.length <= DIGEST_LIST_MAX) return lines;
  return [...lines.slice(0, DIGEST_LIST_MAX), `- ……另有${lines.length - DIGEST_LIST_MAX}个`];
}

function problemLabel(state: BoardState, problem: ProblemState): string {
  const project = problem.projectId ? state.projects[problem.projectId] : undefined;
  const where = project ? `${project.name}：` : '';
  return `${where}${shorten(problem.description, 20)}${problem.unit ? `（${problem.unit}）` : ''}`;
}

export function projectPlace(state: BoardState, projectId: string): Place {
  const project = state.projects[projectId];
  return { regionId: project?.regionId ?? null, taskForceId: project?.taskForceId ?? null };
}

function regionName(state: BoardState, regionId: string | null | undefined): string {
  return regionId ? (state.regions[regionId]?.name ?? regionId) : '—';
}

function taskForceName(state: BoardState, taskForceId: string | null | undefined): string {
  return taskForceId ? (state.taskForces[taskForceId]?.name ?? taskForceId) : '—';
}
