/**
 * Simulated supervisors for a live demo: every few seconds one of them pushes a plausible change
 * (this month's progress, a stage move, an inspection that may raise a problem, a problem taken one
 * step along its loop, now and then a new negotiation) so an open screen keeps moving. Nest-free: it
 * talks to a port, which is HTTP for `npm run simulate` and the in-process command path for DEMO=live.
 */
import { STAGE_LABELS, type Stage, chinaDay, formatYi } from '@battlemap/events';
import { type ProjectSeed, buildProjects, demoAccounts } from '@battlemap/seeds';

export interface SimProjectRow {
  id: string;
  name: string;
  stage: Stage;
  light: 'red' | 'yellow' | 'green';
  stalled: boolean;
  progress: number;
  regionId: string;
  taskForceId: string;
  totalInvestment: number;
  annualPlanInvestment: number;
}

export interface SimBoard {
  projects: SimProjectRow[];
  regions: { id: string; name: string }[];
}

export interface SimProblem {
  id: string;
  status: 'raised' | 'assigned' | 'escalated' | 'resolved' | 'closed';
  escalated: boolean;
  description: string;
  regionId: string | null;
}

export interface SimProjectDetail {
  id: string;
  leaderId: string | null;
  annualPlanInvestment: number;
  reports: Record<string, { investment: number; progress: number }>;
  problems: SimProblem[];
}

export interface SimulatorPort {
  board(): Promise<SimBoard>;
  project(id: string): Promise<SimProjectDetail>;
  /** Sends a command as `actor` (a demo username); over HTTP the logged-in account sends it. */
  post(path: string, body: Record<string, unknown>, actor: string, method?: 'POST' | 'PATCH'): Promise<unknown>;
}

export interface SimulatorOptions {
  random?: () => number;
  /** YYYY-MM-DD in China time. */
  today?: () => string;
  minDelayMs?: number;
  maxDelayMs?: number;
  log?: (line: string) => void;
}

type Action = 'progress' | 'stage' | 'inspection' | 'problem' | 'negotiation';
const ACTIONS: [Action, number][] = [
  ['progress', 35],
  ['inspection', 22],
  ['problem', 23],
  ['stage', 12],
  ['negotiation', 8],
];
const INSPECTORS = ['insp-01', 'insp-02', 'insp-03', 'insp-04', 'insp-05', 'insp-06', 'insp-07', 'insp-08'];
const PROBLEMS: [string, string][] = [
  ['funding', '项目建设资金缺口较大，贷款审批未到位'],
  ['energy', '施工用电负荷不足，临时变压器需扩容'],
  ['labour', '施工高峰期技术工人短缺'],
  ['approval', '施工许可证办理进度滞后'],
  ['infrastructure', '园区进场道路未硬化，重型车辆通行困难'],
  ['land', '项目用地报批手续进度滞后'],
];
const LIGHT_WEIGHT = { red: 3, yellow: 3, green: 1 } as const;

export class Simulator {
  private readonly random: () => number;
  private readonly today: () => string;
  private readonly log: (line: string) => void;
  private readonly names = new Map(demoAccounts().map((a) => [a.username, a.displayName]));
  private timer?: NodeJS.Timeout;
  private stopped = true;
  private pool?: ProjectSeed[];

  constructor(
    private readonly port: SimulatorPort,
    private readonly options: SimulatorOptions = {},
  ) {
    this.random = options.random ?? Math.random;
    this.today = options.today ?? (() => chinaDay(Date.now()));
    this.log = options.log ?? ((line) => console.log(line));
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** One change; returns the line it printed. */
  async step(): Promise<string> {
    const board = await this.port.board();
    const regions = new Map(board.regions.map((r) => [r.id, r.name]));
    const action = this.weighted(ACTIONS) ?? 'progress';
    const line = (await this.act(action, board, regions)) ?? (await this.act('progress', board, regions)) ?? '（暂无可推进的项目）';
    this.log(`${new Date().toLocaleTimeString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' })} ${line}`);
    return line;
  }

  private schedule(): void {
    if (this.stopped) return;
    const min = this.options.minDelayMs ?? 2000;
    const max = this.options.maxDelayMs ?? 5000;
    this.timer = setTimeout(
      () => {
        this.step()
          .catch((error: Error) => this.log(`（跳过一次：${error.message}）`))
          .finally(() => this.schedule());
      },
      min + this.random() * (max - min),
    );
    this.timer.unref?.();
  }

  private act(action: Action, board: SimBoard, regions: Map<string, string>): Promise<string | null> {
    switch (action) {
      case 'progress':
        return this.progress(board, regions);
      case 'stage':
        return this.stage(board, regions);
      case 'inspection':
        return this.inspection(board, regions);
      case 'problem':
        return this.problem(board, regions);
      case 'negotiation':
        return this.negotiation(board, regions);
    }
  }

  private async progress(board: SimBoard, regions: Map<string, string>): Promise<string | null> {
    const row = this.pickRow(board.projects.filter((p) => p.stage === 'started' && !p.stalled));
    if (!row) return null;
    const detail = await this.port.project(row.id);
    const month = this.today().slice(0, 7);
    const latest = Object.keys(detail.reports).sort().at(-1);
    const progress = Math.min(99, (latest ? detail.reports[latest].progress : 0) + this.int(1, 3));
    const added = Math.max(10, Math.round((detail.annualPlanInvestment / 12) * (0.4 + this.random() * 0.8)));
    const investment = (detail.reports[month]?.investment ?? 0) + added;
    const actor = `ld-${row.regionId}-3`;
    await this.port.post(`/api/projects/${row.id}/progress`, { month, investment, progress }, actor);
    return `${this.place(row, regions)} 报送${Number(month.slice(5))}月进度：当月完成投资${formatYi(investment)}，形象进度${progress}% · ${this.name(actor)}`;
  }

  private async stage(board: SimBoard, regions: Map<string, string>): Promise<string | null> {
    const next: Partial<Record<Stage, Stage>> = { signed: 'started', started: 'completed', completed: 'operating' };
    const row = this.pickRow(board.projects.filter((p) => !p.stalled && next[p.stage] && (p.stage !== 'started' || p.progress >= 85)));
    if (!row) return null;
    const detail = await this.port.project(row.id);
    const stage = next[row.stage]!;
    const actor = detail.leaderId ?? `ld-${row.regionId}-1`;
    await this.port.post(`/api/projects/${row.id}/stage`, { stage, on: this.today() }, actor);
    return `${this.place(row, regions)} ${STAGE_LABELS[stage]} · ${this.name(actor)}`;
  }

  private async inspection(board: SimBoard, regions: Map<string, string>): Promise<string | null> {
    const row = this.pickRow(board.projects);
    if (!row) return null;
    const byInspector = this.random() < 0.5;
    const inspectorId = byInspector ? this.pick(INSPECTORS) : `ld-${row.regionId}-${this.int(1, 4)}`;
    const raise = this.random() < 0.35;
    const [category, description] = this.pick(PROBLEMS);
    const deadline = chinaDay(Date.parse(`${this.today()}T12:00:00+08:00`) + this.int(15, 45) * 86_400_000);
    const rating = row.light === 'green' ? this.int(4, 5) : row.light === 'yellow' ? 3 : this.int(2, 3);
    const findings = `${row.stage === 'started' ? `形象进度约${row.progress}%` : `项目处于${STAGE_LABELS[row.stage]}阶段`}；${raise ? '现场发现问题1个，已当场交办' : '未发现需协调的问题'}。`;
    await this.port.post(
      '/api/inspections',
      {
        projectId: row.id,
        kind: byInspector ? 'inspection' : this.pick(['visit', 'onsite']),
        on: this.today(),
        inspectorId,
        findings,
        rating,
        ...(raise && { problems: [{ category, description, deadline, severity: this.pick(['normal', 'normal', 'major']) }] }),
      },
      inspectorId,
    );
    return `${byInspector ? '督查' : '走访'}：${this.place(row, regions)} ${raise ? `发现问题：${description}` : '未发现问题'} · ${this.name(inspectorId)}`;
  }

  private async problem(board: SimBoard, regions: Map<string, string>): Promise<string | null> {
    const rows = board.projects
      .map((row) => ({ row, score: LIGHT_WEIGHT[row.light] * this.random() }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 6)
      .map(({ row }) => row);
    for (const row of rows) {
      const open = (await this.port.project(row.id)).problems.filter((q) => q.status !== 'closed');
      if (open.length === 0) continue;
      const q = this.pick(open);
      const region = q.regionId ?? row.regionId;
      const today = this.today();
      let path: string;
      let body: Record<string, unknown>;
      let actor: string;
      let what: string;
      if (q.status === 'raised') {
        [path, body, actor, what] = ['assign', { unit: `${regions.get(region) ?? ''}人民政府`, on: today }, `ld-${region}-1`, '交办'];
      } else if (q.status === 'resolved') {
        [path, body, actor, what] = ['close', { note: '经回访核实，予以销号', on: today }, this.pick(INSPECTORS), '销号'];
      } else if (!q.escalated && this.random() < 0.15) {
        [path, body, actor, what] = ['escalate', { level: 'city', reason: '需市级层面统筹协调', on: today }, `ld-${region}-1`, '上报市'];
      } else {
        [path, body, actor, what] = ['resolve', { resolution: '经协调已解决', on: today }, `ld-${region}-3`, '解决'];
      }
      await this.port.post(`/api/problems/${q.id}/${path}`, body, actor);
      return `问题${what}：${this.place(row, regions)} “${q.description.slice(0, 18)}” · ${this.name(actor)}`;
    }
    return null;
  }

  private async negotiation(board: SimBoard, regions: Map<string, string>): Promise<string | null> {
    this.pool ??= buildProjects(Number(this.today().slice(0, 4)), 97_531);
    const names = new Set(board.projects.map((p) => p.name));
    const fresh = this.pool.filter((p) => !names.has(p.name));
    if (fresh.length === 0) return null;
    const seed = this.pick(fresh);
    const actor = `ld-${seed.regionId}-2`;
    await this.port.post(
      '/api/projects',
      {
        name: seed.name,
        taskForceId: seed.taskForceId,
        regionId: seed.regionId,
        owner: seed.owner,
        kind: seed.kind === '续建' ? '新建' : seed.kind,
        totalInvestment: seed.totalInvestment,
        annualPlanInvestment: seed.annualPlanInvestment,
        stage: 'negotiating',
        stageOn: this.today(),
        location: seed.location,
        leadUnit: seed.leadUnit,
        leaderId: seed.leaderId,
      },
      actor,
    );
    return `新洽谈：【${regions.get(seed.regionId) ?? seed.regionId}】${seed.name}（总投资${formatYi(seed.totalInvestment)}） · ${this.name(actor)}`;
  }

  private place(row: SimProjectRow, regions: Map<string, string>): string {
    return `【${regions.get(row.regionId) ?? row.regionId}】${row.name}`;
  }

  private name(username: string): string {
    return this.names.get(username) ?? username;
  }

  /** Red and yellow projects draw more attention, as they do in a dispatch meeting. */
  private pickRow(rows: SimProjectRow[]): SimProjectRow | undefined {
    return this.weighted(rows.map((r) => [r, LIGHT_WEIGHT[r.light]] as [SimProjectRow, number]));
  }

  private weighted<T>(items: [T, number][]): T | undefined {
    let r = this.random() * items.reduce((sum, [, w]) => sum + w, 0);
    for (const [item, w] of items) if ((r -= w) < 0) return item;
    return items.at(-1)?.[0];
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
}
