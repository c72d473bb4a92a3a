import type { EventEnvelope } from '../envelope';
import type { DomainEvent, EventData, EventOf, EventType } from '../catalogue/events';
import { streams } from '../streams';
import { evolveBoard } from './evolve';
import { type BoardState, initialBoard } from './state';

/**
 * Small event builders and a fold for the board's specs (not exported from the package). Dates are
 * fixed in each spec; positions count up from 1 unless a spec says otherwise.
 */

export function event<T extends EventType>(type: T, data: EventData<T>): EventOf<T> {
  return { type, data } as EventOf<T>;
}

const region = (regionId: string, name: string, kind: 'city' | 'county' | 'park' = 'county', parentId?: string) =>
  event('RegionDefined', parentId ? { regionId, name, kind, parentId } : { regionId, name, kind });

export const taskForce = (taskForceId: string, name: string) =>
  event('TaskForceFormed', { taskForceId, name, industry: name, chiefId: 'chief', leadUnit: '市经信局' });

export const project = (projectId: string, fields: Partial<EventData<'ProjectRegistered'>> = {}) =>
  event('ProjectRegistered', {
    projectId,
    name: `${projectId}项目`,
    taskForceId: 'alu',
    regionId: 'lizhou',
    owner: '某某公司',
    kind: '新建',
    totalInvestment: 100_000,
    annualPlanInvestment: 12_000,
    location: [105.8, 32.4],
    stage: 'signed',
    stageOn: '2026-01-10',
    ...fields,
  });

export const advance = (
  projectId: string,
  from: EventData<'ProjectStageAdvanced'>['from'],
  to: EventData<'ProjectStageAdvanced'>['to'],
  on: string,
  extra: { skipped?: boolean; batchId?: string } = {},
) => event('ProjectStageAdvanced', { projectId, from, to, on, ...extra });

export const progress = (projectId: string, month: string, investment: number, percent = 10, milestone?: string) =>
  event(
    'ProgressReported',
    milestone ? { projectId, month, investment, progress: percent, milestone } : { projectId, month, investment, progress: percent },
  );

export const stalled = (projectId: string, on: string, reason = '资金链断裂') => event('ProjectStalled', { projectId, reason, on });
export const revitalized = (projectId: string, on: string, how = '引入战投') => event('ProjectRevitalized', { projectId, how, on });
export const terminated = (projectId: string, on: string, reason = '企业撤资') => event('ProjectTerminated', { projectId, reason, on });

export const problem = (problemId: string, fields: Partial<EventData<'ProblemRaised'>> = {}) =>
  event('ProblemRaised', {
    problemId,
    category: 'land',
    description: `${problemId}用地指标未落实`,
    deadline: '2026-04-30',
    severity: 'major',
    raisedOn: '2026-03-01',
    ...fields,
  });

export const assigned = (problemId: string, on: string, deadline?: string) =>
  event('ProblemAssigned', deadline ? { problemId, unit: '区自然资源局', on, deadline } : { problemId, unit: '区自然资源局', on });
export const escalated = (problemId: string, on: string, level: 'county' | 'city' | 'joint_meeting' = 'city') =>
  event('ProblemEscalated', { problemId, level, reason: '镇级无法解决', on });
export const resolved = (problemId: string, on: string) => event('ProblemResolved', { problemId, resolution: '已解决', on });
export const closed = (problemId: string, on: string) => event('ProblemClosed', { problemId, on });
export const reopened = (problemId: string, on: string) => event('ProblemReopened', { problemId, reason: '复查未通过', on });

export const inspection = (inspectionId: string, projectId: string, on: string, inspectorId = 'insp1', problems = 0) =>
  event('InspectionRecorded', {
    inspectionId,
    projectId,
    kind: 'inspection',
    on,
    inspectorId,
    findings: '现场进度正常',
    rating: 4,
    problems: Array.from({ length: problems }, (_, i) => ({
      problemId: `${inspectionId}-q${i}`,
      category: 'energy' as const,
      description: '用电增容',
      deadline: on,
      severity: 'normal' as const,
    })),
  });

export const redFlag = (taskForceId: string, month: string, on = `${month}-28`) => event('RedFlagAwarded', { taskForceId, month, on });

export const target = (regionId: string, metric: string, year: number, value: number, label = '规上工业总产值') =>
  event('IndicatorTargetSet', { regionId, metric, year, target: value, unit: '万元', label });
export const indicator = (regionId: string, metric: string, year: number, month: string, value: number, yoy: number | null = 8.1) =>
  event('IndicatorReported', { regionId, metric, year, month, value, yoy });

export const rules = (version: number, effectiveFrom: string, fields: Partial<EventData<'LightRulesAdopted'>> = {}) =>
  event('LightRulesAdopted', { version, effectiveFrom, yellowLagPoints: 10, redLagPoints: 30, redStartSlipMonths: 3, ...fields });

/** The stream an event belongs to, named by the catalogue. */
function streamOf(e: { type: string; data: unknown }): string {
  const d = e.data as Record<string, string | undefined>;
  if (e.type.startsWith('Project') || e.type === 'ProgressReported') return streams.project(d.projectId!);
  if (d.problemId) return streams.problem(d.problemId);
  if (d.inspectionId) return streams.inspection(d.inspectionId);
  if (e.type === 'RedFlagAwarded') return streams.redFlag(d.month!);
  if (d.metric) return streams.indicator(d.regionId!, d.metric, Number(d.year));
  if (d.regionId) return streams.region(d.regionId);
  if (d.taskForceId) return streams.taskForce(d.taskForceId);
  if (e.type === 'LightRulesAdopted') return streams.lightRules();
  return 'other';
}

/** Wraps events in envelopes at increasing positions (gaps of `step`), signed by `actor`. */
export function envelopes(
  events: { type: string; data: unknown }[],
  options: { from?: bigint; step?: bigint; actor?: string; recordedAt?: number } = {},
): EventEnvelope[] {
  const revisions: Record<string, number> = {};
  let position = options.from ?? 1n;
  return events.map((e, i) => {
    const stream = streamOf(e);
    const revision = (revisions[stream] = (revisions[stream] ?? -1) + 1);
    const envelope: EventEnvelope = {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      stream,
      revision,
      position: String(position),
      type: e.type,
      data: e.data,
      meta: {
        actor: { id: 'u1', name: options.actor ?? '张伟', role: 'supervisor' },
        recordedAt: options.recordedAt ?? Date.UTC(2026, 5, 1) + i * 1000,
        correlationId: `c${i}`,
        schema: 1,
        prevHash: '',
        hash: '',
      },
    };
    position += options.step ?? 1n;
    return envelope;
  });
}

/** Folds envelopes into a state (mutating it, as evolveBoard does). */
export function fold(state: BoardState, list: EventEnvelope[]): BoardState {
  return list.reduce(evolveBoard, state);
}

/** The board after these events, folded from an empty board. */
export function given(...events: DomainEvent[]): BoardState {
  return fold(initialBoard(), envelopes(events));
}

/** The Guangyuan-like frame most specs start from: a city, two counties, a park, two task forces. */
export const frame: DomainEvent[] = [
  region('guangyuan', '广元市', 'city'),
  region('lizhou', '利州区', 'county', 'guangyuan'),
  region('cangxi', '苍溪县', 'county', 'guangyuan'),
  region('lizhou-park', '利州经开区', 'park', 'lizhou'),
  taskForce('alu', '铝基新材料产业专班'),
  taskForce('food', '食品饮料产业专班'),
];

/**
 * The host's structuredClone, as a screen takes a snapshot. The events package compiles without DOM
 * or Node typings (it must not depend on either), so it is reached through globalThis.
 */
export function snapshot<T>(value: T): T {
  return (globalThis as unknown as { structuredClone<U>(v: U): U }).structuredClone(value);
}
