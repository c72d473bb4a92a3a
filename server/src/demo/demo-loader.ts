import { comparePositions, streams } from '@battlemap/events';
import type { INestApplicationContext } from '@nestjs/common';
import { buildHistory } from '@battlemap/seeds';
import { performance } from 'node:perf_hooks';
import { AuthService } from '../auth/auth.service';
import { BoardService } from '../board/board.service';
import { CommandService } from '../commands/command.service';
import { InspectionProblemsReactor } from '../inspections/inspection-problems.reactor';
import { EventStore } from '../store/event-store.port';
import { EVENT_STORE } from '../store/store.tokens';
import { actorsByUsername, ensureDemoAccounts } from './demo-accounts';
import { DemoRouter } from './demo-router';
import { sleep } from '../store/backoff';

export interface DemoLoadResult {
  today: string;
  commands: number;
  rejected: number;
  /** Events appended by the load: accounts, commands, and the problems inspections opened. */
  events: number;
  seconds: number;
  /** CPU time of this process during the load (user + system): on a busy machine, what the load itself cost. */
  cpuSeconds: number;
}

/**
 * Loads the Guangyuan demo (a year and a bit of history ending today) into an empty store, command
 * by command through the controllers, as the simulated people: validated, scope-checked, decided and
 * hash-chained exactly as over HTTP, in one unit of work (a few durable transactions instead of one per
 * command). A rejected command is reported and skipped, so a newcomer still gets a board; the
 * end-to-end test requires none.
 */
export async function loadDemo(app: INestApplicationContext, log: (line: string) => void = console.log): Promise<DemoLoadResult> {
  const startedAt = performance.now();
  const cpuAtStart = process.cpuUsage();
  const store = app.get<EventStore>(EVENT_STORE);
  const commands = app.get(CommandService);
  const reactor = app.get(InspectionProblemsReactor);
  const auth = app.get(AuthService);
  const before = await store.headPosition();

  await ensureDemoAccounts(auth);
  const actors = actorsByUsername(auth);
  const today = commands.today();
  const history = buildHistory(today);
  const router = new DemoRouter(app);
  let rejected = 0;
  await store.unitOfWork(async () => {
    for (const command of history) {
      const actor = actors.get(command.actor);
      try {
        if (!actor) throw new Error(`no account ${command.actor}`);
        await router.dispatch(command.method, command.path, command.body, actor);
        // The problems an inspection raised are opened by the reactor: now, so the next commands find them.
        if (command.kind === 'recordInspection') await reactor.openProblemsOf(streams.inspection(String(command.body.id)));
      } catch (error) {
        rejected += 1;
        if (rejected <= 10) log(`demo: rejected ${command.on} ${command.method} ${command.path}: ${(error as Error).message}`);
      }
    }
  });
  await caughtUp(app.get(BoardService), store);
  // The load ends when the board shows it; counting what it wrote is the report's, not the load's.
  const seconds = (performance.now() - startedAt) / 1000;
  const cpuSeconds = cpuSecondsSince(cpuAtStart);
  return { today, commands: history.length, rejected, events: await countAfter(store, before), seconds, cpuSeconds };
}

async function caughtUp(board: BoardService, store: EventStore): Promise<void> {
  const head = await store.headPosition();
  for (let i = 0; head !== null && i < 3000; i++) {
    const at = board.live.position;
    if (at !== null && comparePositions(at, head) >= 0) return;
    await sleep(10);
  }
}

async function countAfter(store: EventStore, before: string | null): Promise<number> {
  let count = 0;
  let after = before ?? undefined;
  for (;;) {
    const batch = await store.readAll({ after, limit: 5000 });
    count += batch.length;
    if (batch.length < 5000) return count;
    after = batch[batch.length - 1].position;
  }
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1e6;
}
