import { addDays } from '../dates';
import type { BoardState, ProblemState } from './state';
import { initialBoard } from './state';

/**
 * The board as a live screen needs it from `today` on: the same state without what no wallboard view
 * reads on any day from then (a province's board is a quarter smaller, and the snapshot every command
 * room downloads and parses with it; bench:snapshots measures it).
 *
 * - **Inspection counts** are empty: only the console's leader links and visit lists read them. Events
 *   fold into the empty counts as into any others.
 * - **A problem's steps** start at the last one taken before `today`: a live light reads the last step
 *   taken on or before its day (lights.ts `stepAt`), and for any day from `today − 1` on that is this
 *   one or a later one. The day of margin keeps a screen whose clock is a little behind the server's right.
 *
 * Everything else (stages, stalls, reports, every problem) is kept: the counters, the light rules and the
 * year a screen shows read them. Folding events into the screen form and selecting a view on any day from
 * `today` gives the view of the whole state, for any board year (screen-form.spec.ts). A view of an earlier
 * day (a replay, a light history, the console's pages) needs the whole state: it is not for them.
 * Shares every object it leaves unchanged with `state`: taken synchronously, serialised before the
 * live fold moves on.
 */
export function screenForm(state: BoardState, today: string): BoardState {
  const from = addDays(today, -1);
  const problems: Record<string, ProblemState> = {};
  for (const id in state.problems) {
    const problem = state.problems[id];
    const first = lastStepOnOrBefore(problem, from);
    problems[id] = first > 0 ? { ...problem, steps: problem.steps.slice(first) } : problem;
  }
  return { ...state, problems, inspections: initialBoard().inspections };
}

/** The index of the last step taken on or before `day` (the steps are in the order recorded), else 0. */
function lastStepOnOrBefore(problem: ProblemState, day: string): number {
  for (let i = problem.steps.length - 1; i > 0; i--) if (problem.steps[i].on <= day) return i;
  return 0;
}
