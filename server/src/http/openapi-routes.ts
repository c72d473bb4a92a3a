import { COMMAND_BODIES, CommandName, PROBLEM_TRANSITIONS, QUERY_PARAMS, ResponseName, entityId } from '@battlemap/events';
import { z } from 'zod';
import { REPORT_BODY } from '../imports/ledger-workbook';
import { TEST_NOTIFICATION_BODY } from '../notify/notify-config';

/**
 * What the API document says about each route, beyond what Nest's metadata already tells
 * (method, path, success status, roles): the schemas come from events/, as the handlers parse them.
 * Keyed by `METHOD path` as documented; a route Nest mounts but this table lacks is published
 * without a summary, which fails `redocly lint` in test/openapi.e2e.ts.
 */
export interface RouteDoc {
  operationId: string;
  summary: string;
  tag: TagName;
  description?: string;
  /** The JSON body the handler parses. */
  body?: z.ZodType;
  /** The query string the handler reads. */
  query?: z.ZodObject;
  /** Path parameters by name; each `{name}` of the path needs one. */
  params?: Record<string, z.ZodType>;
  /** Honours an Idempotency-Key header. */
  idempotent?: boolean;
  answer: ResponseName | 'text' | 'xlsx';
  /** The body is one uploaded file (multipart/form-data, field `file`) instead of JSON. */
  upload?: string;
  /** The media type of a 'text' answer that is a file (default text/plain). */
  produces?: string;
  /**
   * The 4xx the handler itself may answer. Added to them: 400 for a body or a query, 413 and 415
   * for a body, 401 unless public, 403 when restricted to some roles.
   */
  errors?: HandlerError[];
  /** When Nest mounts the handler under another path (one handler, several documented paths). */
  mountedAs?: string;
}

type HandlerError = 401 | 403 | 404 | 409 | 422 | 429;

export const TAGS = {
  auth: '登录与当前用户',
  accounts: '账号管理（仅管理员）',
  projects: '项目：登记、阶段、进度、问题项目、盘活、终止',
  problems: '问题：提出、交办、上报、解决、办结、重开（闭环督办）',
  inspections: '督查、走访、现场办公',
  taskforces: '产业专班与流动红旗',
  indicators: '经济指标：年度目标与月度填报',
  settings: '属地与亮灯规则',
  board: '看板与项目详情（只读，任何已登录角色）',
  audit: '事件日志与哈希链校验（只读）',
  operations: '运行状态与监控',
  imports: '项目台账导入导出（Excel/CSV）',
  notify: '通知渠道：钉钉、企业微信、Webhook（仅管理员）',
} as const;
type TagName = keyof typeof TAGS;

const id = (what: string) => z.string().meta({ description: `${what}编号` });
const username = { username: entityId.meta({ description: '用户名' }) };
/** Commands that change the same object again carry its revision; 409 when it is stale. */
const CHANGE: HandlerError[] = [404, 409, 422];

/** A command route: its body from COMMAND_BODIES, answered with where its events went. */
function command(name: CommandName, summary: string, tag: TagName, errors: HandlerError[], extra: Partial<RouteDoc> = {}): RouteDoc {
  return { operationId: name, summary, tag, body: COMMAND_BODIES[name], idempotent: true, answer: 'command', errors, ...extra };
}

const project = { params: { id: id('项目') } };
const month = () =>
  z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .meta({ description: '月份 YYYY-MM', examples: ['2026-03'] });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const problem = (transition: string) => ({
  params: { id: id('问题') },
  mountedAs: '/api/problems/{id}/{transition}',
  description: `路径的最后一段是 ${transition}。`,
});
const taskForce = { params: { id: id('专班') } };

export const ROUTES: Record<string, RouteDoc> = {
  'GET /api/health': { operationId: 'getHealth', summary: '健康检查', tag: 'operations', answer: 'health' },
  'GET /metrics': { operationId: 'getMetrics', summary: 'Prometheus 指标', tag: 'operations', answer: 'text' },
  'GET /api/admin/quarantine': {
    operationId: 'getQuarantine',
    summary: '被隔离的事件（无法读取或折叠，各投影均已跳过）',
    tag: 'operations',
    answer: 'quarantine',
  },

  'POST /api/auth/login': {
    operationId: 'login',
    summary: '登录，取得令牌',
    tag: 'auth',
    description: '同一地址1分钟内失败10次后暂时拒绝（429）。令牌放在 Authorization: Bearer <token>。',
    body: COMMAND_BODIES.login,
    answer: 'login',
    errors: [401, 429],
  },
  'POST /api/auth/logout': { operationId: 'logout', summary: '退出登录（作废当前令牌）', tag: 'auth', answer: 'logout' },
  'GET /api/auth/me': { operationId: 'getMe', summary: '当前用户', tag: 'auth', answer: 'me' },

  'GET /api/accounts': { operationId: 'listAccounts', summary: '账号列表', tag: 'accounts', answer: 'accounts' },
  'GET /api/people': {
    operationId: 'listPeople',
    summary: '人员姓名（挂点领导、督查人员等，不含大屏账号）',
    tag: 'accounts',
    answer: 'people',
  },
  'POST /api/accounts': command('createAccount', '新建账号', 'accounts', [409, 422]),
  'POST /api/accounts/{username}/role': command('changeAccountRole', '变更角色', 'accounts', CHANGE, { params: username }),
  'POST /api/accounts/{username}/scopes': command('changeAccountScopes', '授予或收回权限范围', 'accounts', CHANGE, { params: username }),
  'POST /api/accounts/{username}/disable': command('disableAccount', '停用账号', 'accounts', CHANGE, { params: username }),
  'POST /api/accounts/{username}/password': {
    operationId: 'resetPassword',
    summary: '重设密码（该账号处处退出登录）',
    tag: 'accounts',
    // As AccountsController parses it: the password rule of account creation.
    body: COMMAND_BODIES.createAccount.pick({ password: true }),
    params: username,
    answer: 'passwordReset',
    errors: [404],
  },
  'POST /api/accounts/{username}/screen-token': {
    operationId: 'issueScreenToken',
    summary: '签发大屏令牌（十年，仅 screen 账号）',
    tag: 'accounts',
    params: username,
    answer: 'screenToken',
    errors: [404, 422],
  },

  'POST /api/projects': command('registerProject', '登记项目', 'projects', [409, 422]),
  'PATCH /api/projects/{id}': command('amendProject', '修改项目信息', 'projects', CHANGE, project),
  'POST /api/projects/{id}/stage': command('advanceStage', '推进阶段', 'projects', CHANGE, project),
  'POST /api/projects/{id}/progress': command('reportProgress', '填报月度进度', 'projects', CHANGE, project),
  'POST /api/projects/{id}/stalled': command('markStalled', '列为问题项目', 'projects', CHANGE, project),
  'POST /api/projects/{id}/revitalized': command('revitalize', '盘活问题项目', 'projects', CHANGE, project),
  'POST /api/projects/{id}/terminated': command('terminate', '终止项目', 'projects', CHANGE, project),
  'POST /api/projects/{id}/leader': command('assignLeader', '指定挂点领导', 'projects', CHANGE, project),

  'POST /api/problems': command('raiseProblem', '提出问题', 'problems', [404, 409, 422]),
  ...Object.fromEntries(
    Object.entries(PROBLEM_TRANSITIONS).map(([step, { body, label }]) => [
      `POST /api/problems/{id}/${step}`,
      command(body, label, 'problems', CHANGE, problem(step)),
    ]),
  ),

  'POST /api/inspections': command('recordInspection', '记录督查（可同时提出问题）', 'inspections', [404, 409, 422]),

  'POST /api/taskforces': command('formTaskForce', '成立产业专班', 'taskforces', [409, 422]),
  'PATCH /api/taskforces/{id}': command('amendTaskForce', '修改专班信息', 'taskforces', CHANGE, taskForce),
  'POST /api/taskforces/{id}/red-flag': command('awardRedFlag', '授予月度流动红旗', 'taskforces', CHANGE, taskForce),

  'POST /api/indicators': command('setIndicatorTarget', '设定指标年度目标', 'indicators', [409, 422]),
  'POST /api/indicators/{regionId}/{metric}/{year}/report': command('reportIndicator', '填报指标月度累计值', 'indicators', CHANGE, {
    params: {
      regionId: id('属地'),
      metric: z.string().meta({ description: '指标，如 gdp' }),
      year: z
        .string()
        .regex(/^\d{4}$/)
        .meta({ description: '年度，如 2026' }),
    },
  }),

  'POST /api/regions': command('defineRegion', '定义属地', 'settings', [409, 422]),
  'POST /api/light-rules': command('adoptLightRules', '采用新版亮灯规则', 'settings', [409, 422]),

  'GET /api/board': {
    operationId: 'getBoard',
    summary: '看板：计数、阶段、问题、专班排名、指标、项目、动态',
    tag: 'board',
    description: '给 at 时回放到那一刻。实时更新请用 socket.io（board:snapshot / board:events）。',
    query: QUERY_PARAMS.board,
    answer: 'board',
  },
  'GET /api/board/snapshot': {
    operationId: 'getBoardSnapshot',
    summary: '实时看板的完整状态（大屏首屏用，与 socket.io 快照同一份字节）',
    tag: 'board',
    description:
      '应答体是看板状态（BoardState）的 JSON，与 socket.io 的 snapshot 消息所载相同；客户端接受 gzip 时以 Content-Encoding: gzip 发送已压缩好的共享字节。' +
      '位置在应答头 Board-Position（空表示空看板）：之后以 subscribe {after: 该位置} 订阅，即可收到此后的全部事件。' +
      'form=screen：实时大屏所需的状态（与 subscribe {snapshotForm: "screen"} 的快照同一份字节），应答头 Snapshot-Form 说明所发内容。',
    query: QUERY_PARAMS.boardSnapshot,
    answer: 'text',
    produces: 'application/json',
  },
  'GET /api/map': { operationId: 'getMap', summary: '底图（GeoJSON，离线可用）', tag: 'board', answer: 'map' },
  'GET /api/projects/{id}': {
    operationId: 'getProject',
    summary: '项目详情：状态、亮灯、逐月亮灯、问题',
    tag: 'board',
    ...project,
    answer: 'project',
    errors: [404],
  },
  'GET /api/projects/{id}/history': {
    operationId: 'getProjectHistory',
    summary: '项目的全部事件',
    tag: 'board',
    ...project,
    answer: 'history',
    errors: [404],
  },

  'POST /api/imports/projects': {
    operationId: 'importProjects',
    summary: '导入项目台账（.xlsx 或 .csv）',
    tag: 'imports',
    description:
      '中文列名，顺序不限（项目名称、业主单位、所属专班、属地、建设性质、总投资(万元或亿元)、年度计划投资、当前阶段、阶段日期等）。已有项目按项目编号或名称对应：有变化的行变为修改、推进阶段或更换挂点领导，没变化的行什么也不写；同一文件再导入一次不追加任何事件。有一行有问题则整个文件不写入（422，附检查结果），partial=true 时只写入没问题的行。上限：文件 20 MB、10 万行（413）。',
    query: QUERY_PARAMS.imports.omit({ month: true }),
    upload: '项目台账：第一行（或标题行之后）为表头',
    answer: 'importReport',
    errors: [422],
  },
  'POST /api/imports/progress': {
    operationId: 'importProgress',
    summary: '导入月度进度（当月完成投资、形象进度）',
    tag: 'imports',
    description:
      '项目按项目编号或名称对应；没有“月份”列时用 month 参数。同一月份再导入相同数字不追加事件，数字不同则更正。规则同项目台账导入。',
    query: QUERY_PARAMS.imports,
    upload: '月度进度表',
    answer: 'importReport',
    errors: [422],
  },
  'POST /api/imports/report.xlsx': {
    operationId: 'importReportXlsx',
    summary: '把导入检查结果转成 Excel 下载',
    tag: 'imports',
    body: REPORT_BODY,
    answer: 'xlsx',
  },
  'GET /api/exports/projects.xlsx': {
    operationId: 'exportProjects',
    summary: '导出项目台账（与导入同样的列，可改后再导入）',
    tag: 'imports',
    description: '督查人员只导出其负责范围内的项目；已终止的项目不导出。',
    answer: 'xlsx',
  },
  'GET /api/exports/projects-template.xlsx': {
    operationId: 'projectTemplate',
    summary: '项目台账空白模板',
    tag: 'imports',
    answer: 'xlsx',
  },
  'GET /api/exports/progress-template.xlsx': {
    operationId: 'progressTemplate',
    summary: '月度进度空白模板',
    tag: 'imports',
    answer: 'xlsx',
  },
  'GET /api/events': {
    operationId: 'listEvents',
    summary: '事件日志（分页，可按时间、事件流、类型、操作人、属地、专班筛选）',
    tag: 'audit',
    query: QUERY_PARAMS.events,
    answer: 'events',
  },
  'GET /api/audit/diff': {
    operationId: 'diffBoards',
    summary: '两个时刻之间的变化：阶段或亮灯变了的项目、新开与办结的问题、计数与排名前后对比',
    tag: 'audit',
    query: QUERY_PARAMS.diff,
    answer: 'boardDiff',
  },
  'GET /api/bulletins/{month}': {
    operationId: 'getBulletin',
    summary: '月通报（取该月最后一天的看板）',
    tag: 'audit',
    params: { month: month() },
    query: QUERY_PARAMS.bulletin,
    answer: 'bulletin',
  },
  'GET /api/bulletins/{month}.xlsx': {
    operationId: 'getBulletinXlsx',
    summary: '月通报 XLSX（每节一个工作表）',
    tag: 'audit',
    params: { month: month() },
    query: QUERY_PARAMS.bulletin,
    answer: 'text',
    produces: XLSX,
  },
  'GET /api/bulletins/{month}.pdf': {
    operationId: 'getBulletinPdf',
    summary: '月通报 PDF（A4，服务器上的 Chromium 打印通报页面；未安装时 503）',
    tag: 'audit',
    params: { month: month() },
    query: QUERY_PARAMS.bulletin,
    answer: 'text',
    produces: 'application/pdf',
  },
  'GET /api/exports/events.csv': {
    operationId: 'exportEventsCsv',
    summary: '导出事件日志 CSV（流式；筛选同事件日志）',
    tag: 'audit',
    query: QUERY_PARAMS.exportEvents,
    answer: 'text',
    produces: 'text/csv',
  },
  'GET /api/exports/events.xlsx': {
    operationId: 'exportEventsXlsx',
    summary: '导出事件日志 XLSX（流式；筛选同事件日志）',
    tag: 'audit',
    query: QUERY_PARAMS.exportEvents,
    answer: 'text',
    produces: XLSX,
  },
  'GET /api/exports/board.csv': {
    operationId: 'exportBoardCsv',
    summary: '导出某一时刻的看板项目 CSV',
    tag: 'audit',
    query: QUERY_PARAMS.board,
    answer: 'text',
    produces: 'text/csv',
  },
  'GET /api/exports/board.xlsx': {
    operationId: 'exportBoardXlsx',
    summary: '导出某一时刻的看板 XLSX（项目与汇总两个工作表）',
    tag: 'audit',
    query: QUERY_PARAMS.board,
    answer: 'text',
    produces: XLSX,
  },
  'GET /api/audit/verify': { operationId: 'verifyAuditChain', summary: '校验哈希链', tag: 'audit', answer: 'verify' },

  'GET /api/notify/channels': {
    operationId: 'listNotifyChannels',
    summary: '已配置的通知渠道（不含地址与密钥）',
    tag: 'notify',
    answer: 'notifyChannels',
  },
  'GET /api/notify/deliveries': {
    operationId: 'listNotifyDeliveries',
    summary: '最近的通知投递与失败',
    tag: 'notify',
    answer: 'notifyDeliveries',
  },
  'POST /api/notify/test': {
    operationId: 'sendTestNotification',
    summary: '向一个渠道发送测试消息',
    tag: 'notify',
    body: TEST_NOTIFICATION_BODY,
    answer: 'notifyTest',
    errors: [422],
  },
};
