import type { ProjectCommand } from '@battlemap/events';

/** The command specs' supervisor and project commands, decided on 2026-06-15. */
export const actor = { id: 'u1', name: '王芳', role: 'supervisor' as const };
const meta = { today: '2026-06-15' };

export const register = (projectId: string): ProjectCommand => ({
  type: 'RegisterProject',
  data: {
    projectId,
    name: '青川阜成50万吨绿色循环变形铝合金项目',
    taskForceId: 'aluminum',
    regionId: 'qingchuan',
    owner: '阜成铝业',
    kind: '新建',
    totalInvestment: 350000,
    annualPlanInvestment: 100000,
    stage: 'signed',
    stageOn: '2026-01-10',
    location: [105.2, 32.5],
  },
  meta,
});

export const report = (month: string, progress = 35): ProjectCommand => ({
  type: 'ReportProgress',
  data: { month, investment: 8000, progress },
  meta,
});
