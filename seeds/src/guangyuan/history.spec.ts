import { COMMAND_BODIES, selectBoardView } from '@battlemap/events';
import { demoAccounts } from './history-accounts';
import { type DemoCommand, buildHistory } from './history';
import { replayHistory } from './history-replay';
import { COUNTY_IDS } from './regions';

const TODAY = '2026-11-22';
const history = buildHistory(TODAY);
const board = replayHistory(history, TODAY);
const view = selectBoardView(board, { year: 2026, today: TODAY, asOf: `${TODAY}T12:00:00+08:00` });
const lastYear = selectBoardView(board, { year: 2025, today: TODAY, asOf: `${TODAY}T12:00:00+08:00` });

const count = (kind: DemoCommand['kind']) => history.filter((c) => c.kind === kind).length;
const share = (light: string) => view.projects.filter((p) => p.light === light).length / view.projects.length;
/** Every date a command says happened (not deadlines or plans, which may lie ahead). */
const happenedOn = (c: DemoCommand) => [c.on, c.body.on, c.body.stageOn, c.body.raisedOn].filter((d): d is string => typeof d === 'string');

describe('buildHistory', () => {
  it('is deterministic for a day and a seed, and another seed tells another story', () => {
    expect(buildHistory(TODAY)).toEqual(history);
    expect(buildHistory(TODAY, 7).slice(0, 2000)).not.toEqual(history.slice(0, 2000));
  });

  it('sends every body exactly as the HTTP API takes it', () => {
    const invalid = history
      .map((c) => ({ c, result: COMMAND_BODIES[c.kind].safeParse(c.body) }))
      .filter(({ result }) => !result.success)
      .map(({ c, result }) => ({ path: c.path, issues: result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }));
    expect(invalid).toEqual([]);
  });

  it('never dates anything after today, and keeps the commands in the order of their days', () => {
    expect(history.filter((c) => happenedOn(c).some((d) => d > TODAY))).toEqual([]);
    expect(history.every((c, i) => i === 0 || history[i - 1].on <= c.on)).toBe(true);
    expect(history[0].on.startsWith('2025-01')).toBe(true);
    expect(history.at(-1)!.on <= TODAY).toBe(true);
  });

  it('is accepted command by command by the rules the server applies (a dry run)', () => {
    expect(() => replayHistory(history, TODAY)).not.toThrow();
  });

  it('is held to the real deciders: a stage moved backwards or a problem closed twice is refused', () => {
    const started = history.find((c) => c.kind === 'advanceStage' && c.body.stage === 'started')!;
    const backwards: DemoCommand = { ...started, body: { stage: 'signed', on: started.on } };
    expect(() => replayHistory([...history.slice(0, history.indexOf(started) + 1), backwards], TODAY)).toThrow(/stage_backwards/);
    const closed = history.find((c) => c.kind === 'closeProblem')!;
    expect(() => replayHistory([...history.slice(0, history.indexOf(closed) + 1), closed], TODAY)).toThrow(/invalid_transition/);
  });

  it('is written by accounts that exist, with scopes that cover what they change', () => {
    const accounts = new Map(demoAccounts().map((a) => [a.username, a]));
    const strangers = history.filter((c) => !accounts.has(c.actor));
    expect(strangers).toEqual([]);
    const admin = new Set(['defineRegion', 'formTaskForce', 'adoptLightRules', 'awardRedFlag']);
    const byAdmin = history.filter((c) => admin.has(c.kind));
    expect(byAdmin.every((c) => accounts.get(c.actor)!.role === 'admin')).toBe(true);
  });

  it('makes about 15,000 to 30,000 events', () => {
    const raisedByInspections = history.reduce((n, c) => n + ((c.body.problems as unknown[] | undefined)?.length ?? 0), 0);
    const events = history.length + raisedByInspections + demoAccounts().length;
    expect(events).toBeGreaterThanOrEqual(15_000);
    expect(events).toBeLessThanOrEqual(30_000);
  });

  it('fills the board of the current year in all seven counties', () => {
    const regions = new Set(view.projects.map((p) => p.regionId));
    expect([...regions].sort()).toEqual([...COUNTY_IDS].sort());
    expect(view.projects.length).toBeGreaterThan(550);
    expect(view.indicators.filter((i) => i.value > 0)).toHaveLength(48);
    expect(view.redFlag?.month).toBe('2026-10');
  });

  it('shows about two thirds green, a fifth yellow and an eighth red today', () => {
    expect(share('green')).toBeGreaterThanOrEqual(0.6);
    expect(share('green')).toBeLessThanOrEqual(0.72);
    expect(share('yellow')).toBeGreaterThanOrEqual(0.18);
    expect(share('yellow')).toBeLessThanOrEqual(0.26);
    expect(share('red')).toBeGreaterThanOrEqual(0.09);
    expect(share('red')).toBeLessThanOrEqual(0.16);
    const reasons = view.projects.flatMap((p) => p.lightReasons).join('\n');
    for (const why of ['开工，已滞后', '落后序时进度', '已超期', '问题项目']) expect(reasons).toContain(why);
  });

  it('has the flows of seed 003 in proportion: starts and completions outnumber signings', () => {
    for (const { counters } of [view, lastYear]) {
      expect(counters.negotiated).toBeGreaterThan(60);
      expect(counters.signed).toBeGreaterThan(40);
      expect(counters.started).toBeGreaterThan(counters.signed);
      expect(counters.started).toBeGreaterThan(counters.negotiated);
      expect(counters.completed).toBeGreaterThan(counters.signed);
      expect(counters.revitalized).toBeGreaterThan(0);
      expect(counters.revitalized).toBeLessThan(counters.negotiated * 0.25);
    }
  });

  it('holds 集中开工 and 集中竣工 days: many projects move on one day under one batch', () => {
    const batches = new Map<string, DemoCommand[]>();
    for (const c of history.filter((c) => c.body.batchId))
      batches.set(String(c.body.batchId), [...(batches.get(String(c.body.batchId)) ?? []), c]);
    const sizes = [...batches.values()].map((moves) => ({
      stage: moves[0].body.stage,
      size: moves.length,
      days: new Set(moves.map((m) => m.on)).size,
    }));
    expect(sizes.every((b) => b.days === 1)).toBe(true);
    expect(sizes.filter((b) => b.stage === 'started' && b.size >= 8).length).toBeGreaterThanOrEqual(2);
    expect(sizes.filter((b) => b.stage === 'completed' && b.size >= 8).length).toBeGreaterThanOrEqual(2);
  });

  it('runs problems through their whole loop: most closed, some overdue, some escalated, a few reopened', () => {
    expect(view.problems.overdue).toBeGreaterThan(0);
    expect(view.problems.escalated).toBeGreaterThan(0);
    expect(view.problems.open).toBeGreaterThan(view.problems.overdue);
    expect(view.problems.closureRate).toBeGreaterThan(0.75);
    expect(view.problems.closureRate).toBeLessThan(0.97);
    expect(count('reopenProblem')).toBeGreaterThan(0);
    expect(count('escalateProblem')).toBeGreaterThan(0);
  });

  it('reports progress and indicators monthly, and awards one red flag a month', () => {
    const months = new Set(history.filter((c) => c.kind === 'reportProgress').map((c) => c.body.month));
    expect(months.size).toBe(23);
    expect(count('awardRedFlag')).toBe(22);
    expect(count('reportIndicator')).toBeGreaterThan(48 * 18);
    expect(count('markStalled')).toBeGreaterThan(count('revitalize'));
    expect(view.stages.stalled).toBeGreaterThan(0);
  });

  it.each(['2026-01-15', '2026-03-02', '2027-07-31'])('stays valid for another today (%s)', (today) => {
    const other = buildHistory(today);
    expect(other.filter((c) => happenedOn(c).some((d) => d > today))).toEqual([]);
    expect(() => replayHistory(other, today)).not.toThrow();
  });
});
