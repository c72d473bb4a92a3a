import type { ProjectRow } from '../board-view';
import { type DomainEvent, assertNever, isEventType } from '../catalogue/events';
import type { EventEnvelope } from '../envelope';
import { type Flow, type FlowSource, flowsOf } from './counters';
import { evolveBoard } from './evolve';
import { makeScope, placeInScope, projectInScope } from './scope';
import { type BoardViewDetail, type BoardViewOptions, type ViewPart, assembleView, compareRows, projectRow } from './selectors';
import type { BoardState, ProjectState } from './state';

/** What the view keeps of one project: its row (null once terminated) and its movements of the year. */
interface Kept {
  project: ProjectState;
  row: ProjectRow | null;
  flows: Flow[];
  /** What the counters, stages, ranking and problem scopes read of the project besides its row. */
  summary: string;
}

/** What changed since a view part was made: each part's key names the ones it reads. */
interface Generations {
  /** Any project's summary (its movements, stage, place, investment), or a new project. */
  projects: number;
  problems: number;
  /** Task forces and red flags. */
  taskForces: number;
  regions: number;
  indicators: number;
}

/**
 * `selectBoardView` for a screen that folds events as they come, equal to it at every select (see
 * live-view.spec.ts) but without judging 15,000 projects' lights again when three of them changed.
 *
 * The fold mutates the state in place, so object identity says nothing: events are folded through
 * `fold`, which notes the projects each one may change (an exhaustive switch, so a new event type must
 * say what it touches). `select` then rebuilds only their rows and moves them within the sorted list.
 * Everything is rebuilt when the state is another one (a snapshot), the day or the year changes, or
 * light rules are adopted. The parts that walk every project or problem (counters, ranking, problem
 * counts, indicators) are kept until an event changes what they read (a project's movements, stage,
 * place or investment; a problem; a task force; a region; an indicator): a monthly report changes none.
 */
export class LiveBoardView {
  #state: BoardState | null = null;
  #year = Number.NaN;
  #today = '';
  #everything = true;
  #reorder = false;
  #touched = new Set<string>();
  /** Problems indexed under a project other than the one they name now (see projectOf). */
  #listedUnder = new Map<string, string>();
  #kept = new Map<string, Kept>();
  /** Every project of the board, in its key order (Object.values order). */
  #order: ProjectState[] = [];
  /** Every live row, sorted by compareRows. */
  #sorted: ProjectRow[] = [];
  #recomputed: ProjectRow[] = [];
  #generations: Generations = { projects: 0, problems: 0, taskForces: 0, regions: 0, indicators: 0 };
  /** Bumped by every rebuild, so no part made before it is kept. */
  #epoch = 0;
  #parts = new Map<ViewPart, { key: string; value: unknown }>();
  readonly #flows: FlowSource = (project, count) => {
    for (const flow of this.#kept.get(project.id)?.flows ?? []) count(flow);
  };

  /** evolveBoard, noting what the event may change for the next select. */
  fold(state: BoardState, envelope: EventEnvelope): BoardState {
    const before = state.position;
    const event = isEventType(envelope.type) ? ({ type: envelope.type, data: envelope.data } as DomainEvent) : null;
    // Read before the fold: a repeated ProblemRaised may move its problem to another project.
    const touched = state === this.#state && event ? this.#touchedBy(state, event) : [];
    const next = evolveBoard(state, envelope);
    if (next.position !== before) for (const id of touched) this.#touched.add(id);
    return next;
  }

  /** The live rows the last select built again (every one after a rebuild), newest values. */
  get recomputed(): readonly ProjectRow[] {
    return this.#recomputed;
  }

  select(state: BoardState, options: BoardViewOptions): BoardViewDetail {
    this.#update(state, options.year, options.today);
    const scope = makeScope(state, options.region, options.taskForce);
    const whole = scope.regions === null && scope.taskForce === null;
    const g = this.#generations;
    const where = `${this.#epoch}|${options.region ?? ''}|${options.taskForce ?? ''}|${g.regions}`;
    const reads: Record<ViewPart, string> = {
      counters: `${where}|${g.projects}`,
      stages: `${where}|${g.projects}`,
      problems: `${where}|${g.projects}|${g.problems}`,
      taskForces: `${this.#epoch}|${g.projects}|${g.problems}|${g.taskForces}|${JSON.stringify(options.weights ?? {})}`,
      indicators: `${where}|${g.indicators}`,
    };
    const keep = <T>(part: ViewPart, make: () => T): T => {
      const kept = this.#parts.get(part);
      if (kept?.key === reads[part]) return kept.value as T;
      const value = make();
      this.#parts.set(part, { key: reads[part], value });
      return value;
    };
    return assembleView(state, options, {
      scope,
      projects: whole ? this.#order.slice() : this.#order.filter((p) => projectInScope(scope, p)),
      rows: whole ? this.#sorted.slice() : this.#sorted.filter((row) => placeInScope(scope, row)),
      allProjects: this.#order,
      flows: this.#flows,
      keep,
    });
  }

  #touchedBy(state: BoardState, event: DomainEvent): string[] {
    // A problem weighs on the light of the project it was first raised for (its index entry stays when a
    // repeated ProblemRaised names another project): that one, and the one it names now.
    const projectOf = (problemId: string) => {
      const now = state.problems[problemId]?.projectId;
      const listed = this.#listedUnder.get(problemId);
      return [...(now ? [now] : []), ...(listed && listed !== now ? [listed] : [])];
    };
    switch (event.type) {
      case 'ProjectRegistered':
        // A new key, or a project object replaced: the key order is read again.
        this.#reorder = true;
        return [event.data.projectId];
      case 'ProjectDetailsAmended':
      case 'ProjectStageAdvanced':
      case 'ProgressReported':
      case 'ProjectStalled':
      case 'ProjectRevitalized':
      case 'ProjectTerminated':
      case 'ProjectLeaderAssigned':
        return [event.data.projectId];
      case 'ProblemRaised': {
        this.#generations.problems++;
        const { problemId, projectId } = event.data;
        const known = state.problems[problemId];
        if (!known) return projectId ? [projectId] : [];
        const listed = this.#listedUnder.get(problemId) ?? known.projectId;
        if (listed && listed !== projectId) this.#listedUnder.set(problemId, listed);
        return [...(projectId ? [projectId] : []), ...projectOf(problemId)];
      }
      case 'ProblemAssigned':
      case 'ProblemEscalated':
      case 'ProblemResolved':
      case 'ProblemClosed':
      case 'ProblemReopened':
        this.#generations.problems++;
        return projectOf(event.data.problemId);
      case 'LightRulesAdopted':
        this.#everything = true;
        return [];
      // Not in a row, but in a part of the view: the ranking, the indicators, the scopes.
      case 'TaskForceFormed':
      case 'TaskForceAmended':
      case 'RedFlagAwarded':
        this.#generations.taskForces++;
        return [];
      case 'IndicatorTargetSet':
      case 'IndicatorReported':
        this.#generations.indicators++;
        return [];
      case 'RegionDefined':
        this.#generations.regions++;
        return [];
      // Nowhere in a view: visits, accounts, seals, recorded judgements and the outbox.
      case 'InspectionRecorded':
      case 'AccountCreated':
      case 'AccountRoleChanged':
      case 'AccountScopesGranted':
      case 'AccountScopesRevoked':
      case 'AccountDisabled':
      case 'AccountPasswordReset':
      case 'ScreenTokenIssued':
      case 'PasswordHashSet':
      case 'TokenIssued':
      case 'TokenRevoked':
      case 'AllTokensRevoked':
      case 'AuditSealed':
      case 'ProblemWentOverdue':
      case 'DeadlineReminderDue':
      case 'ProjectLightChanged':
      case 'NotificationQueued':
      case 'NotificationAttempted':
      case 'NotificationSent':
      case 'NotificationFailed':
        return [];
      default:
        return assertNever(event);
    }
  }

  #update(state: BoardState, year: number, today: string): void {
    if (this.#everything || state !== this.#state || year !== this.#year || today !== this.#today) {
      this.#rebuild(state, year, today);
      return;
    }
    if (this.#reorder) this.#order = Object.values(state.projects);
    this.#reorder = false;
    const touched = [...this.#touched].filter((id) => Object.hasOwn(state.projects, id));
    this.#touched.clear();
    const gone = new Set<ProjectRow>();
    const made: ProjectRow[] = [];
    for (const id of touched) {
      const before = this.#kept.get(id)?.row;
      const row = this.#keep(state.projects[id]).row;
      if (before) gone.add(before);
      if (row) made.push(row);
    }
    this.#recomputed = made;
    // One pass that drops the old rows and merges the new ones in: moving each one with a splice costs
    // more than this as soon as a few rows move in a list of thousands.
    if (gone.size > 0 || made.length > 0)
      this.#sorted = merge(
        this.#sorted.filter((row) => !gone.has(row)),
        made.sort(compareRows),
      );
  }

  #rebuild(state: BoardState, year: number, today: string): void {
    this.#state = state;
    this.#year = year;
    this.#today = today;
    this.#everything = false;
    this.#reorder = false;
    this.#epoch++;
    this.#parts.clear();
    this.#touched.clear();
    this.#listedUnder.clear();
    for (const projectId in state.projectProblems) {
      for (const id of state.projectProblems[projectId]) {
        if (state.problems[id]?.projectId !== projectId) this.#listedUnder.set(id, projectId);
      }
    }
    this.#kept.clear();
    this.#order = Object.values(state.projects);
    for (const project of this.#order) this.#keep(project);
    this.#sorted = this.#liveRows().sort(compareRows);
    this.#recomputed = this.#sorted.slice();
  }

  #keep(project: ProjectState): Kept {
    const state = this.#state!;
    const row = project.terminated ? null : projectRow(state, project, this.#year, this.#today);
    const flows = flowsOf(project, this.#year);
    const summary = [
      flows.join(),
      project.stage,
      project.stalled !== null,
      project.terminated !== null,
      project.regionId,
      project.taskForceId,
      project.totalInvestment,
    ].join('|');
    const before = this.#kept.get(project.id);
    if (before?.summary !== summary || before.project !== project) this.#generations.projects++;
    const kept: Kept = { project, row, flows, summary };
    this.#kept.set(project.id, kept);
    return kept;
  }

  #liveRows(): ProjectRow[] {
    const rows: ProjectRow[] = [];
    for (const project of this.#order) {
      const row = this.#kept.get(project.id)?.row;
      if (row) rows.push(row);
    }
    return rows;
  }
}

/** Two lists sorted by compareRows, as one. */
function merge(a: ProjectRow[], b: ProjectRow[]): ProjectRow[] {
  if (b.length === 0) return a;
  const out: ProjectRow[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(compareRows(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}
