import {
  chinaDay,
  comparePositions,
  LiveBoardView,
  makeScope,
  placeInScope,
  type BoardState,
  type BoardViewDetail,
  type EventEnvelope,
  type Light,
  type ProjectRow,
  type TokenRevocationReason,
} from '@battlemap/events';
import type { Clock } from './clock.svelte';
import { mark } from './prefetch';
import { EMPTY_DIRECTORY, scopeFilter, scopeKey, type Directory, type Named, type Scope } from './scope';

export type Connection = 'connecting' | 'connected' | 'disconnected' | 'refused' | 'restarting';

/** Why the server refused this screen. */
export interface Refusal {
  /** In Chinese. */
  message: string;
  /** Set when the token was revoked while the screen was open (the server said why). */
  reason: TokenRevocationReason | null;
}

/** A marker that should pulse on the map because an event about its project just landed. */
export interface Pulse {
  projectId: string;
  at: number;
}

/** Views are recomputed at most this often, however fast events arrive. */
const RECOMPUTE_EVERY_MS = 250;
/**
 * …and a view that takes long to compute (the first one of a province's 15,000 projects, a new day) at
 * most once per this many of its own durations, so the screen spends no more than a fifth of its time
 * recomputing and stays responsive between two recomputes.
 */
const RECOMPUTE_DUTY = 5;
/** Lights move with the calendar even when nothing happens, so recompute at least this often. */
const REFRESH_EVERY_MS = 60_000;
const PULSE_MS = 10_000;
/**
 * Rings at once, the newest kept. Each ring costs the page's main thread in every frame while it lives:
 * a province's 100 events a second kept 40 going, a fifth of all the page's work (bench:browser with
 * BENCH_BROWSER_STYLE, 2026-12-04: about 198 → 164 ms of main-thread tasks a second with 12). A city's
 * board seldom has more than a dozen at once anyway.
 */
const MAX_PULSES = 12;
const HEARD_EVERY_MS = 1_000;

/** The events that may change a name the directory lists. */
const NAMING_EVENTS = new Set(['RegionDefined', 'TaskForceFormed', 'TaskForceAmended']);

function projectIdOf(envelope: EventEnvelope): string | null {
  const data = envelope.data as { projectId?: unknown } | null;
  return data && typeof data.projectId === 'string' ? data.projectId : null;
}

/**
 * The screen's copy of the board: the folded BoardState (kept raw and mutated by evolveBoard, so it
 * is never proxied), the view the components read, and how fresh both are. Only the socket module
 * and the wallboard wiring call its methods; components only read its fields.
 */
export class BoardStore {
  view = $state.raw<BoardViewDetail | null>(null);
  connection = $state<Connection>('connecting');
  /** Null while the screen is not refused. */
  refusal = $state.raw<Refusal | null>(null);
  /** Client time (ms) of the last snapshot, events or tick: proof that the data is current. */
  lastHeardAt = $state<number | null>(null);
  pulses = $state.raw<Pulse[]>([]);
  scope = $state.raw<Scope>({ kind: 'city' });
  directory = $state.raw<Directory>(EMPTY_DIRECTORY);

  #clock: Clock;
  #year: number | null;
  #home: Scope;
  #state: BoardState | null = null;
  #position: string | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** Projects events landed on since the last recompute, by id (the newest last): their rings are due. */
  #landed = new Map<string, Pulse>();
  #refresh: ReturnType<typeof setInterval> | null = null;
  #pruneTimer: ReturnType<typeof setTimeout> | null = null;
  #computedAt = 0;
  #computeMs = 0;
  /** The view selection, kept between recomputes: only the rows of projects that events touched are rebuilt. */
  #live = new LiveBoardView();
  /** Names are read again only after an event that may change them (or a snapshot). */
  #directoryStale = true;
  /** The last light of every project seen, to tell which turned red. */
  #lastLights: Map<string, Light> | null = null;
  #turnedRed: (project: ProjectRow) => void = () => {};

  /**
   * @param home the scope the screen was opened for; projects turning red are watched within it.
   * @param year a fixed board year, or null for the current year in China time.
   */
  constructor(clock: Clock, home: Scope, year: number | null) {
    this.#clock = clock;
    this.#home = home;
    this.#year = year;
    this.scope = home;
    this.#refresh = setInterval(() => this.#schedule(), REFRESH_EVERY_MS);
  }

  /** The last position folded in: what a (re)subscription asks to continue after. */
  get position(): string | null {
    return this.#position;
  }

  onTurnedRed(listener: (project: ProjectRow) => void): void {
    this.#turnedRed = listener;
  }

  connecting(): void {
    if (this.connection !== 'refused' && this.connection !== 'restarting') this.connection = 'connecting';
  }

  connected(): void {
    this.connection = 'connected';
    this.refusal = null;
  }

  disconnected(): void {
    if (this.connection !== 'refused' && this.connection !== 'restarting') this.connection = 'disconnected';
  }

  /** The server said it is restarting: the screen says so (not an alarm) until it is connected again. */
  restarting(): void {
    if (this.connection !== 'refused') this.connection = 'restarting';
  }

  /**
   * The server refused the token: the screen forgets the board it may no longer show, so nothing
   * stale can pass for live. Retrying a revoked token is refused at the handshake, which knows less
   * than the revocation did: the screen keeps saying why it was revoked.
   */
  refused(message: string, reason?: TokenRevocationReason): void {
    if (!reason && this.refusal?.reason) return;
    this.connection = 'refused';
    this.refusal = { message, reason: reason ?? null };
    this.#state = null;
    this.#position = null;
    this.#lastLights = null;
    this.view = null;
    this.lastHeardAt = null;
    this.#landed = new Map();
    this.#setPulses([]);
    this.directory = EMPTY_DIRECTORY;
  }

  /** The server did not understand our position: the next subscription asks for a snapshot. */
  forgetPosition(): void {
    this.#position = null;
  }

  applySnapshot(position: string | null, state: BoardState): void {
    this.#state = state;
    this.#directoryStale = true;
    this.#position = position;
    this.#heard();
    this.#schedule(true);
  }

  /** Folds events in order, skipping any position already applied (delivery is at least once). */
  applyEvents(envelopes: EventEnvelope[]): void {
    this.#heard();
    if (!this.#state) return; // events before a snapshot cannot be folded; the server sends one first
    // One pulse per project: a batch (a stage jump, a catch-up after a reconnect) often carries several
    // events about the same project, and a ring is keyed by project and time.
    const landed = new Map<string, Pulse>();
    const now = Date.now();
    let applied = 0;
    for (const envelope of envelopes) {
      if (this.#position !== null && comparePositions(envelope.position, this.#position) <= 0) continue;
      this.#state = this.#live.fold(this.#state, envelope);
      this.#position = envelope.position;
      applied++;
      if (NAMING_EVENTS.has(envelope.type)) this.#directoryStale = true;
      const projectId = projectIdOf(envelope);
      if (projectId) landed.set(projectId, { projectId, at: now });
    }
    // The rings go on the map with the next recompute, not with every batch: at 100 events a second a
    // batch comes some 30 times a second, and each change of the rings lays out and paints the page.
    for (const [projectId, pulse] of landed) {
      this.#landed.delete(projectId); // re-inserted: the newest last
      this.#landed.set(projectId, pulse);
    }
    // Every applied event may change what is shown (an indicator report, a red flag, a new task force
    // carry no projectId), so the view follows any of them, not only the ones that pulse on the map.
    if (applied > 0) this.#schedule();
  }

  /** A `tick`: the server is alive and this screen has everything up to its position. */
  ticked(serverNow: string): void {
    this.#clock.correct(serverNow);
    this.#heard();
  }

  setScope(scope: Scope): void {
    if (scopeKey(scope) === scopeKey(this.scope)) return;
    this.scope = scope;
    this.#schedule(true);
  }

  dispose(): void {
    for (const timer of [this.#timer, this.#pruneTimer]) if (timer) clearTimeout(timer);
    if (this.#refresh) clearInterval(this.#refresh);
  }

  /** At most once a second: freshness is judged in tens of seconds, and every write re-runs its readers. */
  #heard(): void {
    const now = Date.now();
    if (this.lastHeardAt === null || now - this.lastHeardAt >= HEARD_EVERY_MS) this.lastHeardAt = now;
  }

  #schedule(now = false): void {
    if (now) {
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
      this.#recompute();
      return;
    }
    if (this.#timer) return;
    const every = Math.max(RECOMPUTE_EVERY_MS, RECOMPUTE_DUTY * this.#computeMs);
    const wait = Math.max(0, this.#computedAt + every - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#recompute();
    }, wait);
  }

  #recompute(): void {
    if (!this.#state) return;
    this.#computedAt = Date.now();
    const now = this.#clock.trueNow;
    const today = chinaDay(now);
    const options = { year: this.#year ?? Number(today.slice(0, 4)), today, asOf: new Date(now).toISOString() };
    const first = this.view === null;
    if (first) mark('first-view-started');
    const view = this.#live.select(this.#state, { ...options, ...scopeFilter(this.scope) });
    this.#watchLights(this.#state);
    if (this.#directoryStale) this.#updateDirectory(this.#state);
    this.#directoryStale = false;
    this.view = view;
    if (first) mark('first-view');
    this.#computeMs = Date.now() - this.#computedAt;
    this.#pulseLanded();
  }

  /** The rings of the projects events landed on since the last recompute join those still showing. */
  #pulseLanded(): void {
    if (this.#landed.size === 0) return;
    const landed = this.#landed;
    this.#landed = new Map();
    const now = Date.now();
    const older = this.pulses.filter((p) => now - p.at < PULSE_MS && !landed.has(p.projectId));
    this.#setPulses([...older, ...landed.values()].slice(-MAX_PULSES));
  }

  /** Finds projects of the home scope that turned red, among the rows the last selection rebuilt. */
  #watchLights(state: BoardState): void {
    const home = scopeFilter(this.#home);
    const scope = makeScope(state, home.region, home.taskForce);
    const lights = (this.#lastLights ??= new Map());
    for (const project of this.#live.recomputed) {
      const before = lights.get(project.id);
      lights.set(project.id, project.light);
      if (project.light !== 'red' || before === undefined || before === 'red') continue;
      if (placeInScope(scope, project)) this.#turnedRed(project);
    }
  }

  /** Names change rarely: the directory is replaced only when one did, so readers are not re-run. */
  #updateDirectory(state: BoardState): void {
    const regions = Object.values(state.regions);
    const named = (list: { id: string; name: string }[]): Named[] => list.map(({ id, name }) => ({ id, name }));
    const city = regions.find((r) => r.kind === 'city');
    const next: Directory = {
      city: city ? { id: city.id, name: city.name } : null,
      regions: named(regions),
      counties: named(regions.filter((r) => r.kind === 'county')),
      taskForces: named(Object.values(state.taskForces)),
    };
    if (JSON.stringify(next) !== JSON.stringify(this.directory)) this.directory = next;
  }

  #setPulses(pulses: Pulse[]): void {
    this.pulses = pulses;
    if (this.#pruneTimer) clearTimeout(this.#pruneTimer);
    this.#pruneTimer = null;
    if (pulses.length === 0) return;
    const oldest = Math.min(...pulses.map((p) => p.at));
    this.#pruneTimer = setTimeout(
      () => {
        const now = Date.now();
        this.#setPulses(this.pulses.filter((p) => now - p.at < PULSE_MS));
      },
      Math.max(250, oldest + PULSE_MS - Date.now() + 50),
    );
  }
}
