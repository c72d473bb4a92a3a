import type { z } from 'zod';

/** A per-field validation message: a stable English code and Chinese text a supervisor can act on. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

const FIELD_LABELS: Record<string, string> = {
  id: '编号',
  name: '名称',
  taskForceId: '产业专班',
  regionId: '属地',
  owner: '业主单位',
  kind: '类型',
  totalInvestment: '总投资',
  annualPlanInvestment: '年度计划投资',
  stage: '阶段',
  stageOn: '阶段日期',
  plannedStart: '计划开工',
  plannedCompletion: '计划竣工',
  location: '坐标',
  leadUnit: '责任单位',
  leaderId: '挂点领导',
  on: '日期',
  note: '备注',
  batchId: '批次',
  month: '月份',
  investment: '当月完成投资',
  progress: '形象进度',
  milestone: '节点',
  reason: '原因',
  how: '盘活方式',
  projectId: '项目',
  inspectorId: '督查人',
  findings: '发现情况',
  rating: '评分',
  problems: '问题',
  category: '问题类别',
  description: '问题描述',
  deadline: '办结时限',
  severity: '严重程度',
  raisedOn: '提出日期',
  unit: '承办单位',
  level: '上报层级',
  resolution: '解决情况',
  industry: '产业',
  chiefId: '班长',
  metric: '指标',
  year: '年度',
  target: '目标值',
  value: '累计值',
  yoy: '同比',
  parentId: '上级',
  effectiveFrom: '生效日期',
  yellowLagPoints: '黄灯滞后点数',
  redLagPoints: '红灯滞后点数',
  redStartSlipMonths: '红灯开工滞后月数',
  username: '用户名',
  displayName: '姓名',
  role: '角色',
  password: '密码',
  scopes: '权限范围',
  expectedRevision: '版本号',
  dryRun: '只检查',
  partial: '部分导入',
  channel: '通知渠道',
};

const CODE_MESSAGES: Record<string, string> = {
  required: '必填',
  invalid_date: '应为日期，格式 YYYY-MM-DD',
  invalid_month: '应为月份，格式 YYYY-MM',
  invalid_id: '只能用字母、数字、- 和 _，不超过64位',
  invalid_number: '应为数字',
  not_integer: '应为整数（万元）',
  negative: '不能为负数',
  too_large: '数值过大',
  too_long: '内容过长',
  invalid_text: '应为文字',
  invalid_year: '应为年份，如 2026',
  invalid_location: '应为坐标 [经度, 纬度]',
  invalid_stage: '应为 negotiating/signed/started/completed/operating 之一',
  invalid_kind: '类型不在可选范围内',
  invalid_category: '应为 land/funding/energy/labour/approval/infrastructure/other 之一',
  invalid_severity: '应为 normal/major/critical 之一',
  invalid_level: '应为 county/city/joint_meeting 之一',
  invalid_role: '应为 admin/supervisor/auditor/screen 之一',
  invalid_channel: '应为 dingtalk/wecom/webhook 之一',
  invalid_revision: '应为整数版本号',
  out_of_range: '超出允许范围',
  invalid_list: '应为列表',
  too_many: '条目过多',
  password_too_short: '密码至少8位',
  unknown_field: '不认识的字段',
  invalid_body: '请求体应为 JSON 对象',
  invalid_flag: '应为 true 或 false',
  invalid_form: '应为 whole（完整状态）或 screen（大屏所需）',
};

/** Our schemas put the stable code in `message`; zod's own issues fall back to their kind. */
export function toFieldErrors(error: z.ZodError): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push(fieldError([...issue.path, key], 'unknown_field'));
      continue;
    }
    const code = Object.hasOwn(CODE_MESSAGES, issue.message)
      ? issue.message
      : issue.path.length === 0
        ? 'invalid_body'
        : fallbackCode(issue);
    out.push(fieldError(issue.path, code));
  }
  return out;
}

function fallbackCode(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return issue.input === undefined ? 'required' : 'invalid_text';
  if (issue.code === 'too_big') return 'too_long';
  return 'invalid_text';
}

function fieldError(path: PropertyKey[], code: string): FieldError {
  const field = path.map(String).join('.');
  const last = [...path].reverse().find((p) => typeof p === 'string') as string | undefined;
  const label = last && Object.hasOwn(FIELD_LABELS, last) ? FIELD_LABELS[last] : field;
  const text = Object.hasOwn(CODE_MESSAGES, code) ? CODE_MESSAGES[code] : '格式不正确';
  return { field: field || '(body)', code, message: field ? `${label}：${text}` : text };
}
