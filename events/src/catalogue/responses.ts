import { z } from 'zod';
import type { EventEnvelope } from '../envelope';
import type { FieldError } from './field-errors';
import { mirrors } from './mirrors';
import { ROLES, role, scopes } from './primitives';
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
    }),
  }),
);

const account = {
  username: z.string(),
  displayName: z.string(),
  role,
  scopes,
};

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
    status: z.literal('ok'),
    store: z.string().meta({ description: '事件存储：sqlite 或 kurrentdb' }),
    position: position.nullable().meta({ description: '最后一个事件的位置；空库为 null' }),
  }),
  board: boardView,
  map: regionMap,
  project: projectDetail,
  history: z.object({ events: z.array(recordedEvent) }),
  events: z.object({
    events: z.array(recordedEvent),
    next: position.nullable().meta({ description: '下一页的 after；已到末尾时为 null' }),
  }),
  verify: z.object({
    ok: z.boolean(),
    streams: z.number(),
    events: z.number(),
    breaks: z.array(z.object({ stream: z.string(), revision: z.number(), reason: z.string() })),
  }),
} as const;

export type ResponseName = keyof typeof RESPONSES;
