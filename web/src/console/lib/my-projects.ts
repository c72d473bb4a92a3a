import { isInScope, projectLight, type BoardState, type Light, type ProjectState, type Stage } from '@battlemap/events';
import type { SessionUser } from './session.svelte';

/** May this person change this project? The server's own rule (admin: all; supervisor: their task forces OR regions). */
export function canChange(user: Pick<SessionUser, 'role' | 'scopes'>, target: { taskForceId: string; regionId: string }): boolean {
  return isInScope(user, { taskForceId: target.taskForceId, regionId: target.regionId });
}

/** Auditors read everything; supervisors work on their scope; admins on all. */
function isMine(user: Pick<SessionUser, 'role' | 'scopes'>, project: ProjectState): boolean {
  return user.role === 'auditor' || canChange(user, project);
}

export interface ProjectListRow {
  id: string;
  name: string;
  owner: string;
  stage: Stage;
  stalled: boolean;
  terminated: boolean;
  light: Light;
  reasons: string[];
  regionId: string;
  regionName: string;
  taskForceId: string;
  taskForceName: string;
  totalInvestment: number;
  /** Latest 形象进度, or null before the first report. */
  progress: number | null;
}

const LIGHT_ORDER: Record<Light, number> = { red: 0, yellow: 1, green: 2 };

/** The person's projects with their lights as of `today`: red, then yellow, then green; bigger first. */
export function myProjectRows(state: BoardState, user: Pick<SessionUser, 'role' | 'scopes'>, today: string): ProjectListRow[] {
  const rows: ProjectListRow[] = [];
  for (const project of Object.values(state.projects)) {
    if (!isMine(user, project)) continue;
    const verdict = project.terminated ? { light: 'green' as const, reasons: [] } : projectLight(project, state, today);
    rows.push({
      id: project.id,
      name: project.name,
      owner: project.owner,
      stage: project.stage,
      stalled: project.stalled !== null,
      terminated: project.terminated !== null,
      light: verdict.light,
      reasons: verdict.reasons,
      regionId: project.regionId,
      regionName: state.regions[project.regionId]?.name ?? project.regionId,
      taskForceId: project.taskForceId,
      taskForceName: state.taskForces[project.taskForceId]?.name ?? project.taskForceId,
      totalInvestment: project.totalInvestment,
      progress: latestProgress(project),
    });
  }
  return rows.sort(
    (a, b) =>
      Number(a.terminated) - Number(b.terminated) ||
      LIGHT_ORDER[a.light] - LIGHT_ORDER[b.light] ||
      b.totalInvestment - a.totalInvestment ||
      a.name.localeCompare(b.name, 'zh-CN'),
  );
}

function latestProgress(project: ProjectState): number | null {
  const months = Object.keys(project.reports).sort();
  return months.length ? project.reports[months[months.length - 1]].progress : null;
}

export interface ProjectQueryValues {
  text: string;
  taskForceId: string;
  regionId: string;
  stage: string;
  light: string;
}

export function matchesQuery(row: ProjectListRow, query: ProjectQueryValues): boolean {
  const text = query.text.trim().toLowerCase();
  if (text && !row.name.toLowerCase().includes(text) && !row.owner.toLowerCase().includes(text)) return false;
  if (query.taskForceId && row.taskForceId !== query.taskForceId) return false;
  if (query.regionId && row.regionId !== query.regionId) return false;
  if (query.light && row.light !== query.light) return false;
  if (query.stage === 'stalled') return row.stalled;
  if (query.stage === 'terminated') return row.terminated;
  if (query.stage && row.stage !== query.stage) return false;
  return true;
}
