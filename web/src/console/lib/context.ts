import { getContext, setContext } from 'svelte';
import type { ApiClient } from './api';
import type { ConsoleBoard } from './console-board.svelte';
import type { MonthlyReport } from './monthly-report.svelte';
import type { ProjectQuery } from './project-query.svelte';
import type { Router } from './router.svelte';
import type { Session } from './session.svelte';

/** The console's stores, made once by ConsoleApp and read by its pages. */
export interface ConsoleContext {
  session: Session;
  api: ApiClient;
  router: Router;
  board: ConsoleBoard;
  query: ProjectQuery;
  report: MonthlyReport;
}

const KEY = Symbol('console');

export function provideConsole(context: ConsoleContext): void {
  setContext(KEY, context);
}

export function useConsole(): ConsoleContext {
  return getContext<ConsoleContext>(KEY);
}
