import { z } from 'zod';
import { BREAK_KINDS, type VerifyReport } from '../audit-report';
import type { EventEnvelope } from '../envelope';
import type { FieldError } from './field-errors';
import { mirrors } from './mirrors';
import { NOTIFICATION_KINDS, ROLES, role, scopes } from './primitives';
import { boardView, position, projectDetail, regionMap } from './read-models';

/**
 * What the HTTP API answers (public contract v1), for the API document and for the suites that check
 * real answers against it. Requests are in COMMAND_BODIES and QUERY_PARAMS.
 */

const instant = z.string().meta({ description: 'ISO 8601 时间（UTC）', examples: ['2026-03-31T16:00:00.000Z'] });

const fieldError = mirrors<FieldError>()(
  z.object({
    field: z.string().meta({ description: '字段路径，如 location 或 problems.0.deadline；整个请求体为 (body)' }),
    code: z.string().meta({ description: '稳定的英文代码，如 required、invalid_date' }),
    message: z.string().meta({ description: '中文说明' }),
  }),
);

/** Every 4xx and 5xx answer (see the server's HttpErrorFilter). */
const errorBody = z.object({
  error: z.string().meta({ description: '稳定的英文错误码，如 invalid_input、forbidden、stale_revision' }),
  message: z.string().meta({ description: '给人看的中文说明' }),
  fields: z.array(fieldError).optional().meta({ description: '仅 400 invalid_input：逐字段的问题' }),
  expectedRevision: z.union([z.number(), z.string()]).optional().meta({ description: '仅 409 stale_revision：提交时的版本' }),
  actualRevision: z.union([z.number(), z.string()]).optional().meta({ description: '仅 409 stale_revision：当前版本' }),
});

const recordedEvent = mirrors<EventEnvelope>()(
  z.object({
    id: z.string(),
    stream: z.string().meta({ description: '事件流，如 project-p-1' }),
    revision: z.number().meta({ description: '在事件流中的序号，从 0 起' }),
    position,
    type: z.string().meta({ description: '事件类型，如 ProjectRegistered' }),
    data: z.unknown().meta({ description: '事件数据，随 type 而定' }),
    meta: z.object({
      actor: z.object({ id: z.string(), name: z.string(), role: z.enum([...ROLES, 'system']) }),
      recordedAt: z.number().meta({ description: '入库时间，UTC 毫秒' }),
      occurredOn: z.string().optional().meta({ description: '业务日期 YYYY-MM-DD（北京时间）' }),
      correlationId: z.string(),
      causationId: z.string().optional(),
      schema: z.number().meta({ description: 'data 的版本' }),
      prevHash: z.string(),
      hash: z.string().meta({ description: '哈希链：本事件的哈希' }),
      idempotencyKey: z.string().optional(),
      mac: z.string().optional().meta({ description: 'HMAC-SHA256(审计密钥, hash)；启用审计密钥之前写入的事件没有' }),
    }),
  }),
);

const counters = boardView.shape.counters;
const named = z.object({ id: z.string(), name: z.string() });
const bulletinProject = z.object({
  id: z.string(),
  name: z.string(),
  regionName: z.string(),
  taskForceName: z.string(),
  stage: z.string(),
  stalled: z.boolean(),
  light: z.enum(['red', 'yellow', 'green']),
  reasons: z.array(z.string()),
});
const bulletinProblem = z.object({
  id: z.string(),
  description: z.string(),
  projectName: z.string().nullable(),
  regionName: z.string().nullable(),
  taskForceName: z.string().nullable(),
  status: z.string(),
  raisedOn: z.string(),
  deadline: z.string(),
  closedOn: z.string().nullable(),
  escalatedOn: z.string().nullable(),
});
const diffProblem = z.object({
  id: z.string(),
  description: z.string(),
  projectId: z.string().nullable(),
  status: z.string(),
  deadline: z.string(),
  escalated: z.boolean(),
});
const rankingSide = z.object({ rank: z.number(), points: z.number(), redFlag: z.boolean() });

const account = {
  username: z.string(),
  displayName: z.string(),
  role,
  scopes,
};

/** POST /api/imports/*: what the file holds and what was (or, in a dry run, would be) done with it. */
const importReport = z.object({
  rows: z.number().meta({ description: '数据行数（不含表头与空行）' }),
  created: z.number().meta({ description: '新登记的项目（月度进度：新填报的月份）' }),
  amended: z.number().meta({ description: '有变更的行：修改信息、推进阶段、更换挂点领导（月度进度：更正）' }),
  unchanged: z.number().meta({ description: '与系统一致、什么也不写的行' }),
  errors: z
    .array(
      z.object({
        row: z.number().meta({ description: '表格里的行号（与 Excel 显示一致）' }),
        column: z.string().meta({ description: '列名（按文件里的写法）' }),
        message: z.string().meta({ description: '中文说明' }),
      }),
    )
    .meta({ description: '有问题的单元格或行；有任何一项且未选 partial 时整个文件不写入' }),
  placed: z.array(z.number()).meta({ description: '没有坐标、由系统落在属地范围内的行号' }),
  dryRun: z.boolean(),
  written: z.boolean().meta({ description: '是否已写入' }),
});

export type ImportReport = z.infer<typeof importReport>;

/** An event set aside because it could not be read or folded: every projection skips it. */
const quarantinedEvent = z.object({
  stream: z.string(),
  revision: z.number(),
  position,
  type: z.string(),
  reason: z.string().meta({ description: '英文说明：为何无法读取或折叠' }),
});

export const RESPONSES = {
  error: errorBody,
  /** Every command: where its events went. */
  command: z.object({
    id: z.string().meta({ description: '对象编号（新建时由服务器生成，除非请求给了 id）' }),
    stream: z.string(),
    revision: z.number().meta({ description: '写入后事件流的版本' }),
    position,
  }),
  login: z.object({ token: z.string(), role, displayName: z.string(), scopes, expiresAt: instant }),
  logout: z.object({ loggedOut: z.literal(true) }),
  me: z.object({ ...account, tokenKind: z.enum(['session', 'screen']) }),
  accounts: z.object({ accounts: z.array(z.object({ ...account, status: z.enum(['active', 'disabled']) })) }),
  people: z.object({
    people: z.array(z.object({ id: z.string().meta({ description: '用户名' }), name: z.string().meta({ description: '姓名' }) })),
  }),
  passwordReset: z.object({ id: z.string().meta({ description: '用户名' }) }),
  screenToken: z.object({ token: z.string(), expiresAt: instant }),
  health: z.object({
    status: z.enum(['ok', 'degraded', 'unavailable']).meta({
      description: 'ok 正常；degraded 有事件被隔离（见 quarantined），其余照常；unavailable 事件存储无法访问（HTTP 503）',
    }),
    store: z.string().meta({ description: '事件存储：sqlite 或 kurrentdb' }),
    position: position.nullable().meta({ description: '最后一个事件的位置；空库或存储不可用时为 null' }),
    lag: z.number().meta({ description: '看板落后存储的位置差（存储头位置减看板位置）' }),
    quarantined: z.array(quarantinedEvent),
    message: z.string().optional().meta({ description: '不正常时给运维人员的中文说明' }),
  }),
  quarantine: z.object({ quarantined: z.array(quarantinedEvent) }),
  board: boardView,
  map: regionMap,
  project: projectDetail,
  history: z.object({ events: z.array(recordedEvent) }),
  importReport,
  events: z.object({
    events: z.array(recordedEvent),
    next: position.nullable().meta({ description: '下一页的 after；已到末尾时为 null' }),
    total: z.number().optional().meta({ description: '整个日志的事件数（供滚动条）；仅在未加任何筛选时给出' }),
  }),
  bulletin: z.object({
    month: z.string().meta({ description: '通报月份 YYYY-MM' }),
    asOfDay: z.string().meta({ description: '取数日：该月最后一天（按业务日期回放）' }),
    region: named.nullable(),
    taskForce: named.nullable(),
    position: position.nullable(),
    fourNew: z.object({ month: counters, yearToDate: counters }).meta({ description: '四新一盘活：当月与年度累计' }),
    ranking: boardView.shape.taskForces,
    redFlag: z.object({ taskForceId: z.string(), name: z.string(), month: z.string() }).nullable().meta({ description: '流动红旗' }),
    red: z.array(bulletinProject).meta({ description: '红灯项目及原因' }),
    yellow: z.array(bulletinProject).meta({ description: '黄灯项目及原因' }),
    problems: z.object({
      counts: boardView.shape.problems,
      new: z.array(bulletinProblem).meta({ description: '当月新提出' }),
      closed: z.array(bulletinProblem).meta({ description: '当月办结销号' }),
      overdue: z.array(bulletinProblem).meta({ description: '月末仍未办结且已超期' }),
      escalated: z.array(bulletinProblem).meta({ description: '当月上报' }),
    }),
    indicators: z.array(
      z.looseObject({
        regionId: z.string(),
        regionName: z.string(),
        metric: z.string(),
        target: z.number(),
        value: z.number(),
        schedule: z.number().nullable().meta({ description: '序时进度：月份/12' }),
        completion: z.number().nullable().meta({ description: '完成率：value/target' }),
        scheduleRatio: z.number().nullable(),
      }),
    ),
  }),
  boardDiff: z.object({
    before: z.object({ asOf: z.string(), position: position.nullable() }),
    after: z.object({ asOf: z.string(), position: position.nullable() }),
    projects: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        regionId: z.string(),
        taskForceId: z.string(),
        kind: z.enum(['added', 'removed', 'changed']),
        stage: z.object({ from: z.string().nullable(), to: z.string().nullable() }).nullable(),
        light: z.object({ from: z.string().nullable(), to: z.string().nullable() }).nullable(),
      }),
    ),
    problemsOpened: z.array(diffProblem),
    problemsClosed: z.array(diffProblem),
    counters: z.object({ before: counters, after: counters }),
    stages: z.object({ before: boardView.shape.stages, after: boardView.shape.stages }),
    problems: z.object({ before: boardView.shape.problems, after: boardView.shape.problems }),
    ranking: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        before: rankingSide.nullable(),
        after: rankingSide.nullable(),
      }),
    ),
  }),
  verify: mirrors<VerifyReport>()(
    z.object({
      ok: z.boolean(),
      streams: z.number(),
      events: z.number(),
      breaks: z.array(
        z.object({
          stream: z.string().meta({ description: '事件流；全局链上无法归到单个事件的断点为 $all' }),
          revision: z.number().meta({ description: '流中的序号（已丢失的事件：丢失的第一个）；不指单个事件时为 -1' }),
          reason: z.string().meta({ description: '英文说明' }),
          kind: z.enum(BREAK_KINDS).meta({
            description:
              'altered 被改动；missing_event 流中间缺事件；missing_tail 流尾被删；missing_stream 整个流被删；reordered 次序被调换或时间被改；inserted 多出未记录的事件；seal_mismatch 月度封存不符',
          }),
          position: position.nullable().meta({ description: '事件在库中的位置；已丢失的事件为 null' }),
        }),
      ),
      unsigned: z.number().meta({ description: '启用审计密钥之前写入、没有 MAC 的事件数（不算断点）' }),
      keyFingerprint: z.string().meta({ description: '审计密钥指纹：SHA-256 的前 16 位十六进制' }),
      seals: z.array(z.object({ month: z.string(), position, ok: z.boolean() })).meta({ description: '每个月度封存及其校验结果' }),
      checkpoint: z
        .object({
          position: position.nullable(),
          events: z.number(),
          followedFrom: position.nullable().meta({ description: '检查点从库的哪个位置开始跟随；从第一个事件起跟随时为 null' }),
        })
        .nullable()
        .meta({ description: '库外保存的检查点（删除与调序据此发现）；没有时为 null' }),
    }),
  ),
  notifyChannels: z.object({
    channels: z.array(
      z.object({
        name: z.enum(['dingtalk', 'wecom', 'webhook']),
        host: z.string().meta({ description: '接收地址的主机名（地址与密钥从不显示）' }),
        signed: z.boolean().meta({ description: '是否配置了签名密钥' }),
        regionId: z.string().nullable(),
        taskForceId: z.string().nullable(),
        quiet: z.string().nullable().meta({ description: '免打扰时段（北京时间），如 22:00-07:30' }),
      }),
    ),
  }),
  notifyDeliveries: z.object({
    deliveries: z.array(
      z.object({
        messageId: z.string(),
        channel: z.string(),
        kind: z.enum(NOTIFICATION_KINDS),
        title: z.string(),
        status: z.enum(['queued', 'attempting', 'sent', 'failed', 'gave_up']),
        attempts: z.number(),
        lastError: z.string().nullable(),
        queuedAt: instant,
        updatedAt: instant,
      }),
    ),
    counts: z.object({ sent: z.number(), pending: z.number(), failed: z.number() }),
  }),
  notifyTest: z.object({ messageId: z.string() }),
} as const;

export type ResponseName = keyof typeof RESPONSES;
export type NotifyChannelsAnswer = z.infer<typeof RESPONSES.notifyChannels>;
export type NotifyDeliveriesAnswer = z.infer<typeof RESPONSES.notifyDeliveries>;
