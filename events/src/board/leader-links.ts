import { addDays, monthOf } from '../dates';
import type { Light } from '../board-view';
import { projectLight } from './lights';
import type { BoardState, ProjectState } from './state';

/**
 * 挂点联系: every leader is linked to projects (a project's `leaderId`) and visits them monthly, weekly
 * while they are under construction. Visits are counted from recorded inspections by that leader on
 * that project: nobody is asked to check in.
 */
export interface LeaderLink {
  projectId: string;
  name: string;
  regionId: string;
  taskForceId: string;
  stage: ProjectState['stage'];
  light: Light;
  visitsThisMonth: number;
  lastVisit: string | null;
  /** Under construction: a visit is due every week, not only every month. */
  weekly: boolean;
  /** No visit this month, or (weekly) none in the last seven days. */
  due: boolean;
}

export interface LeaderLinks {
  leaderId: string;
  links: LeaderLink[];
  /** Links with a visit this month. */
  visited: number;
  /** Links flagged as due. */
  due: number;
}

export interface LeaderLinkOptions {
  /** YYYY-MM-DD, China time: the month is today's. */
  today: string;
  /** Only these projects (a supervisor's scope, a screen's filter). */
  include?: (project: ProjectState) => boolean;
}

/** Leaders with links due first, then by leader id; each leader's due links first. */
export function selectLeaderLinks(state: BoardState, options: LeaderLinkOptions): LeaderLinks[] {
  const month = monthOf(options.today);
  const weekAgo = addDays(options.today, -6);
  const byLeader = new Map<string, LeaderLink[]>();
  for (const project of Object.values(state.projects)) {
    if (!project.leaderId || project.terminated || (options.include && !options.include(project))) continue;
    const log = state.inspections.byVisit[project.id]?.[project.leaderId];
    const visitsThisMonth = log?.months[month] ?? 0;
    const lastVisit = log?.last ?? null;
    const weekly = project.stage === 'started';
    const due = visitsThisMonth === 0 || (weekly && (lastVisit === null || lastVisit < weekAgo));
    const link: LeaderLink = {
      projectId: project.id,
      name: project.name,
      regionId: project.regionId,
      taskForceId: project.taskForceId,
      stage: project.stage,
      light: projectLight(project, state, options.today).light,
      visitsThisMonth,
      lastVisit,
      weekly,
      due,
    };
    const links = byLeader.get(project.leaderId);
    if (links) links.push(link);
    else byLeader.set(project.leaderId, [link]);
  }
  return [...byLeader]
    .map(([leaderId, links]) => ({
      leaderId,
      links: links.sort((a, b) => Number(b.due) - Number(a.due) || a.name.localeCompare(b.name, 'zh-CN')),
      visited: links.filter((l) => l.visitsThisMonth > 0).length,
      due: links.filter((l) => l.due).length,
    }))
    .sort((a, b) => b.due - a.due || a.leaderId.localeCompare(b.leaderId));
}
