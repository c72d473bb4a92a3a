import { z } from 'zod';
import type { BoardView } from '../board-view';
import type { ProblemState, ProjectState } from '../board/state';
import type { RegionMap } from '../geo';
import { mirrors } from './mirrors';
import { escalationLevel, eventPosition, lngLat, problemCategory, projectKind, severity, stage } from './primitives';

/**
 * The read models the HTTP API answers with, as zod schemas for the API document. The interfaces
 * (board-view.ts, board/state.ts) stay the source; `mirrors` fails the build when the two drift.
 * Money in 万元, days YYYY-MM-DD and months YYYY-MM (China time).
 */

const light = z.enum(['red', 'yellow', 'green']);
export const position = eventPosition.meta({ description: '全局日志中的位置：十进制字符串，按 BigInt 比较' });
const datedReason = z.object({ reason: z.string(), on: z.string() });

const projectRow = z.object({
  id: z.string(),
  name: z.string(),
  stage,
  stalled: z.boolean(),
  terminated: z.boolean(),
  light,
  lightReasons: z.array(z.string()).meta({ description: '亮灯原因（中文）' }),
  progress: z.number().meta({ description: '最新形象进度，0–100' }),
  regionId: z.string(),
  taskForceId: z.string(),
  location: lngLat,
  totalInvestment: z.number(),
  annualPlanInvestment: z.number(),
  yearInvestment: z.number().meta({ description: '本年度已完成投资' }),
});

const feedItem = z.object({
  position,
  recordedAt: z.number().meta({ description: '入库时间，UTC 毫秒' }),
  occurredOn: z.string().optional(),
  type: z.string(),
  text: z.string().meta({ description: '一句话：地点、项目、发生了什么、谁' }),
  projectId: z.string().optional(),
  regionId: z.string().optional(),
});

export const boardView = mirrors<BoardView>()(
  z.object({
    position: position.nullable(),
    asOf: z.string().meta({ description: '看板所描述的时刻（ISO 8601）：现在，回放的 at，或只按业务日期 on 回放时那一天的最后一刻' }),
    year: z.number(),
    counters: z.object({
      negotiated: z.number(),
      signed: z.number(),
      signedInvestment: z.number(),
      started: z.number(),
      startedInvestment: z.number(),
      completed: z.number(),
      revitalized: z.number(),
    }),
    stages: z.object({
      negotiating: z.number(),
      signed: z.number(),
      started: z.number(),
      completed: z.number(),
      operating: z.number(),
      stalled: z.number(),
    }),
    problems: z.object({
      open: z.number(),
      overdue: z.number(),
      escalated: z.number(),
      closed: z.number(),
      closureRate: z.number().meta({ description: '办结率：closed / raised，0–1' }),
    }),
    taskForces: z.array(z.object({ id: z.string(), name: z.string(), points: z.number(), rank: z.number(), redFlag: z.boolean() })),
    indicators: z.array(
      z.object({
        regionId: z.string(),
        metric: z.string(),
        year: z.number(),
        target: z.number(),
        unit: z.string(),
        value: z.number(),
        yoy: z.number().nullable(),
        month: z.string().nullable().meta({ description: '数据截至的月份；尚未填报时为 null' }),
        scheduleRatio: z.number().nullable().meta({ description: '时序进度比 (value/target)/(m/12)，≥ 1 为达到时序' }),
      }),
    ),
    projects: z.array(projectRow),
    recent: z.array(feedItem),
    regions: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
);

const projectState = mirrors<ProjectState>()(
  z.object({
    id: z.string(),
    name: z.string(),
    taskForceId: z.string(),
    regionId: z.string(),
    owner: z.string(),
    kind: projectKind,
    totalInvestment: z.number(),
    annualPlanInvestment: z.number(),
    plannedStart: z.string().nullable(),
    plannedCompletion: z.string().nullable(),
    location: lngLat,
    leadUnit: z.string().nullable(),
    leaderId: z.string().nullable(),
    stage,
    stageOn: z.string(),
    stages: z.array(z.object({ stage, on: z.string() })),
    stalled: datedReason.nullable(),
    stalls: z.array(z.object({ reason: z.string(), on: z.string(), endedOn: z.string().nullable() })),
    revitalizations: z.array(z.object({ on: z.string(), how: z.string() })),
    terminated: datedReason.nullable(),
    reports: z
      .record(z.string(), z.object({ investment: z.number(), progress: z.number(), milestone: z.string().optional() }))
      .meta({ description: '按月份（YYYY-MM）的月报' }),
  }),
);

const problemStatus = z.enum(['raised', 'assigned', 'escalated', 'resolved', 'closed']);

const problemState = mirrors<ProblemState>()(
  z.object({
    id: z.string(),
    projectId: z.string().nullable(),
    regionId: z.string().nullable(),
    taskForceId: z.string().nullable(),
    inspectionId: z.string().nullable(),
    category: problemCategory,
    severity,
    description: z.string(),
    deadline: z.string(),
    status: problemStatus,
    raisedOn: z.string(),
    unit: z.string().nullable(),
    assignedOn: z.string().nullable(),
    escalated: z.boolean(),
    escalationLevel: escalationLevel.nullable(),
    escalatedOn: z.string().nullable(),
    resolvedOn: z.string().nullable(),
    closedOn: z.string().nullable(),
    reopenCount: z.number(),
    steps: z.array(z.object({ status: problemStatus, on: z.string(), deadline: z.string() })),
  }),
);

/** GET /api/projects/{id}: the project, its revision, today's light and the light of each month. */
export const projectDetail = projectState.extend({
  revision: z.number().meta({ description: '项目事件流的版本，提交命令时可作 expectedRevision' }),
  light,
  reasons: z.array(z.string()),
  lightHistory: z.array(z.object({ month: z.string(), light, reasons: z.array(z.string()) })),
  problems: z.array(problemState),
});

const ring = z.array(lngLat);

/** GET /api/map: the counties of the region (GeoJSON), as far as the board reads them. */
export const regionMap = mirrors<RegionMap>()(
  z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.union([z.string(), z.number()]).optional(),
        properties: z.looseObject({
          name: z.string().meta({ description: '县区名' }),
          adcode: z.string().optional(),
          cp: lngLat.optional().meta({ description: '标注名称的位置' }),
        }),
        geometry: z.discriminatedUnion('type', [
          z.object({ type: z.literal('Polygon'), coordinates: z.array(ring) }),
          z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring)) }),
        ]),
      }),
    ),
  }),
);
