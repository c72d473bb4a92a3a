/** The shape of GET /api/board (public contract v1, extended). Money in 万元 integers. */

export type Stage = 'negotiating' | 'signed' | 'started' | 'completed' | 'operating';
export type Light = 'red' | 'yellow' | 'green';

export interface BoardCounters {
  negotiated: number;
  signed: number;
  signedInvestment: number;
  started: number;
  startedInvestment: number;
  completed: number;
  revitalized: number;
}

export interface BoardStages {
  negotiating: number;
  signed: number;
  started: number;
  completed: number;
  operating: number;
  stalled: number;
}

export interface BoardProblems {
  open: number;
  overdue: number;
  escalated: number;
  closed: number;
  /** closed / raised, 0..1 (0 when nothing was raised). */
  closureRate: number;
}

export interface TaskForceRow {
  id: string;
  name: string;
  points: number;
  rank: number;
  redFlag: boolean;
}

export interface IndicatorRow {
  regionId: string;
  metric: string;
  year: number;
  target: number;
  unit: string;
  value: number;
  yoy: number | null;
  /** Latest reported month, YYYY-MM ("数据截至"); null before the first report. */
  month: string | null;
  /** (value/target)/(m/12); ≥ 1 is on schedule. null before the first report. */
  scheduleRatio: number | null;
}

export interface ProjectRow {
  id: string;
  name: string;
  stage: Stage;
  stalled: boolean;
  terminated: boolean;
  light: Light;
  /** Why the light has its colour, in Chinese, for the screen. */
  lightReasons: string[];
  /** Latest physical progress, 0..100. */
  progress: number;
  regionId: string;
  taskForceId: string;
  location: [number, number];
  totalInvestment: number;
  annualPlanInvestment: number;
  /** Investment completed in the board's year so far. */
  yearInvestment: number;
}

export interface FeedItem {
  position: string;
  recordedAt: number;
  occurredOn?: string;
  type: string;
  /** One line in Chinese: place, project, what happened, who. */
  text: string;
  projectId?: string;
  regionId?: string;
}

export interface BoardView {
  position: string | null;
  /** ISO time the view describes (now, or the `at` of a replay). */
  asOf: string;
  year: number;
  counters: BoardCounters;
  stages: BoardStages;
  problems: BoardProblems;
  taskForces: TaskForceRow[];
  indicators: IndicatorRow[];
  projects: ProjectRow[];
  recent: FeedItem[];
  regions: { id: string; name: string }[];
}
