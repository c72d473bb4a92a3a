import { getContext, setContext } from 'svelte';
import type { HistoryCache } from '../offline/history-cache';
import type { Outbox } from '../offline/outbox.svelte';
import type { ApiClient } from './api';
import type { ConsoleBoard } from './console-board.svelte';
import type { MonthlyReport } from './monthly-report.svelte';
import type { People } from './people.svelte';
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
  /** Commands made with no network, until they are sent. */
  outbox: Outbox;
  /** Stream histories kept on the device, to check commands against offline. */
  histories: HistoryCache;
  people: People;
}

const KEY = Symbol('console');

export function provideConsole(context: ConsoleContext): void {
  setContext(KEY, context);
}

export function useConsole(): ConsoleContext {
  return getContext<ConsoleContext>(KEY);
}
