import type { Light, Stage } from '../board-view';
import type { EscalationLevel, InspectionKind, ProblemCategory, ProblemStatus, Severity } from './state';

/** The Chinese UI labels of the domain's codes, shared by the feed narration and the web. */

export const STAGE_LABELS: Record<Stage, string> = {
  negotiating: '洽谈',
  signed: '签约',
  started: '开工',
  completed: '竣工',
  operating: '投产',
};

export const CATEGORY_LABELS: Record<ProblemCategory, string> = {
  land: '用地',
  funding: '资金',
  energy: '用能',
  labour: '用工',
  approval: '审批',
  infrastructure: '基础设施',
  other: '其他',
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  normal: '一般',
  major: '较大',
  critical: '重大',
};

export const ESCALATION_LABELS: Record<EscalationLevel, string> = {
  county: '上报区县',
  city: '上报市',
  joint_meeting: '提交联席会议',
};

export const INSPECTION_LABELS: Record<InspectionKind, string> = {
  inspection: '督查',
  visit: '走访',
  onsite: '现场办公',
};

export const PROBLEM_STATUS_LABELS: Record<ProblemStatus, string> = {
  raised: '待交办',
  assigned: '已交办',
  escalated: '已上报',
  resolved: '已解决',
  closed: '已销号',
};

export const LIGHT_LABELS: Record<Light, string> = {
  red: '红灯',
  yellow: '黄灯',
  green: '绿灯',
};

/** All of the above in one object, for the web to import once. */
export const LABELS = {
  stage: STAGE_LABELS,
  category: CATEGORY_LABELS,
  severity: SEVERITY_LABELS,
  escalation: ESCALATION_LABELS,
  inspection: INSPECTION_LABELS,
  problemStatus: PROBLEM_STATUS_LABELS,
  light: LIGHT_LABELS,
} as const;
