import { comparePositions } from '@battlemap/events';
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
}

/**
 * Loads the Guangyuan demo (a year and a bit of history ending today) into an empty store, command
 * by command through the controllers, as the simulated people: one append per command, validated,
 * scope-checked, decided and hash-chained exactly as over HTTP. A rejected command is reported and
 * skipped, so a newcomer still gets a board; the end-to-end test requires none.
 */
export async function loadDemo(app: INestApplicationContext, log: (line: string) => void = console.log): Promise<DemoLoadResult> {
  const startedAt = performance.now();
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
  const problems = new ProblemStreams(commands, reactor);
  let rejected = 0;
  for (const command of history) {
    const actor = actors.get(command.actor);
    try {
      if (!actor) throw new Error(`no account ${command.actor}`);
      const problemId = /^\/api\/problems\/([^/]+)\/[a-z]+$/.exec(command.path)?.[1];
      if (problemId) await problems.opened(problemId);
      await router.dispatch(command.method, command.path, command.body, actor);
    } catch (error) {
      rejected += 1;
      if (rejected <= 10) log(`demo: rejected ${command.on} ${command.method} ${command.path}: ${(error as Error).message}`);
    }
  }
  // Every problem an inspection raised has its stream, and the board has folded all of it.
  for (const command of history) {
    if (command.kind !== 'recordInspection') continue;
    const raised = (command.body.problems as unknown[] | undefined)?.length ?? 0;
    for (let n = 1; n <= raised; n++) await problems.opened(`${String(command.body.id)}-q${n}`);
  }
  await caughtUp(app.get(BoardService), store);
  return {
    today,
    commands: history.length,
    rejected,
    events: await countAfter(store, before),
    seconds: (performance.now() - startedAt) / 1000,
  };
}

/** Waits, when needed, for the inspection reactor to open a problem's stream (it works asynchronously). */
class ProblemStreams {
  private readonly known = new Set<string>();

  constructor(
    private readonly commands: CommandService,
    private readonly reactor: InspectionProblemsReactor,
  ) {}

  async opened(problemId: string): Promise<void> {
    if (this.known.has(problemId)) return;
    for (let attempt = 0; ; attempt++) {
      if (await this.commands.exists(`problem-${problemId}`)) {
        this.known.add(problemId);
        return;
      }
      if (attempt >= 500) throw new Error(`problem ${problemId} was never opened by its inspection`);
      await this.reactor.settled();
      await sleep(attempt < 20 ? 1 : 20);
    }
  }
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
