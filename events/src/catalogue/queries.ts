import { z } from 'zod';
import { day, eventPosition, month } from './primitives';
import { SNAPSHOT_FORMS } from '../wire';

/** The audit log's filters beyond stream and type (GET /api/events and its exports). */
const EVENT_FILTERS = {
  from: z
    .string()
    .optional()
    .meta({ description: '入库时间不早于：ISO 8601 或 UTC 毫秒数', examples: ['2026-03-01T00:00:00Z'] }),
  to: z.string().optional().meta({ description: '入库时间不晚于（含）：ISO 8601 或 UTC 毫秒数' }),
  actor: z.string().optional().meta({ description: '操作人：用户名或姓名' }),
  region: z.string().optional().meta({
    description: '属地（含下辖）：问题按其项目（无项目则按问题本身）的属地，项目、督查、进度按项目现在的属地，其余按事件里的 regionId',
  }),
  taskForce: z.string().optional().meta({ description: '产业专班：规则同 region' }),
};

/**
 * Query strings of the read API (public contract v1), as the server accepts them. Values arrive as
 * text, so numbers are coerced; an empty value counts as not given. Codes as in COMMAND_BODIES.
 */
const flag = z.enum(['true', 'false'], { error: 'invalid_flag' }).optional();

export const QUERY_PARAMS = {
  /** GET /api/board */
  board: z.object({
    year: z.coerce
      .number({ error: 'invalid_year' })
      .int({ error: 'invalid_year' })
      .min(2000, { error: 'invalid_year' })
      .max(2100, { error: 'invalid_year' })
      .optional()
      .meta({ description: '统计年度（2000–2100），默认今年（北京时间）' }),
    region: z.string().optional().meta({ description: '只看这个属地（属地 id）' }),
    taskForce: z.string().optional().meta({ description: '只看这个产业专班（专班 id）' }),
    at: z
      .string()
      .optional()
      .meta({
        description: '回放到这个时刻的看板：ISO 8601（如 2026-03-31T16:00:00Z）或 UTC 毫秒数，不早于 2000 年',
        examples: ['2026-03-31T16:00:00Z'],
      }),
    on: day.optional().meta({
      description: '按业务日期回放：现在所知的这一天的看板（按事件的 occurredOn，没有则按记录日）；与 at 同用，则是 at 时刻所知的这一天',
      examples: ['2026-03-31'],
    }),
  }),
  /** GET /api/board/snapshot */
  boardSnapshot: z.object({
    form: z.enum(SNAPSHOT_FORMS, { error: 'invalid_form' }).default('whole').meta({
      description:
        '快照内容：whole 完整状态（默认）；screen 实时大屏从今天起所需的状态（无督查计数，问题只留今天前最后一步起的步骤），小约四分之一',
    }),
  }),
  /** GET /api/events */
  events: z.object({
    after: eventPosition.optional().meta({ description: '只读这个位置之后的事件（上一页答复里的 next）' }),
    limit: z.coerce
      .number({ error: 'out_of_range' })
      .int({ error: 'out_of_range' })
      .min(1, { error: 'out_of_range' })
      .max(1000, { error: 'out_of_range' })
      .default(100)
      .meta({ description: '每页条数（1–1000）' }),
    stream: z.string().optional().meta({ description: '只读这个事件流，如 project-p-1' }),
    type: z.string().optional().meta({ description: '只读这种事件，如 ProjectRegistered' }),
    ...EVENT_FILTERS,
  }),
  /** GET /api/exports/events.csv|.xlsx: the log's filters, the whole log (no paging). */
  exportEvents: z.object({
    stream: z.string().optional().meta({ description: '只导出这个事件流，如 project-p-1' }),
    type: z.string().optional().meta({ description: '只导出这种事件，如 ProjectRegistered' }),
    ...EVENT_FILTERS,
  }),
  /** GET /api/audit/diff */
  diff: z.object({
    fromAt: z.string().optional().meta({ description: '前一时刻（记录时间）：ISO 8601 或 UTC 毫秒数' }),
    fromOn: day.optional().meta({ description: '前一时刻（业务日期）；与 fromAt 同用，则是 fromAt 时所知的这一天' }),
    toAt: z.string().optional().meta({ description: '后一时刻（记录时间）' }),
    toOn: day.optional().meta({ description: '后一时刻（业务日期）' }),
    year: z.coerce.number().int().min(2000).max(2100).optional().meta({ description: '两边计数所属年度，默认后一时刻的年度' }),
    region: z.string().optional().meta({ description: '只看这个属地' }),
    taskForce: z.string().optional().meta({ description: '只看这个产业专班' }),
  }),
  /** GET /api/bulletins/:month (and .xlsx, .pdf) */
  bulletin: z.object({
    region: z.string().optional().meta({ description: '只看这个属地（属地 id）' }),
    taskForce: z.string().optional().meta({ description: '只看这个产业专班（专班 id）' }),
  }),
  /** POST /api/imports/projects and /api/imports/progress */
  imports: z.object({
    dryRun: flag.meta({ description: 'true：只检查，不写入（答复 200 与检查结果）' }),
    partial: flag.meta({ description: 'true：只写入没有问题的行；默认有一行有问题就整个文件都不写入（答复 422）' }),
    month: month.optional().meta({ description: '月度进度：文件没有“月份”列时，填报的月份 YYYY-MM' }),
  }),
} as const;
