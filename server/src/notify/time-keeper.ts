import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BoardState,
  type EscalationPolicy,
  RejectedError,
  StaleRevisionError,
  chinaDay,
  deadlineDecider,
  dueDeadlineFact,
  lightWatchDecider,
  problemDecider,
  projectLight,
  streams,
} from '@battlemap/events';
import { SYSTEM_ACTOR } from '../auth/authenticated-actor';
import { handleCommand } from '../commands/command-handler';
import type { EventStore } from '../store/event-store.port';
import type { Clock } from './clock';
import type { NotifyLedger } from './notify-ledger';

/**
 * How a scheduled tick records its facts: in units of `factsPerUnit`, each committed before the next
 * begins, `pauseMs` apart. A wave of facts (every project's light at the turn of a month, hundreds of
 * problems overdue at once) then reaches the screens as a trickle of small batches between the live
 * commands, instead of one batch of hundreds or thousands of events that every screen must take in
 * before the next command's event; and the store's write lock is never held long, so commands do not
 * wait behind the wave either.
 */
export interface FactPacing {
  factsPerUnit: number;
  pauseMs: number;
}

/** 100 facts a second, about the rate of the live commands a busy board sees. */
const FACT_PACING: FactPacing = { factsPerUnit: 10, pauseMs: 100 };

/** Reason lines are stored as they are shown, each within the catalogue's limit. */
const MAX_REASONS = 30;
const MAX_REASON_LENGTH = 200;

/**
 * Time that acts: on every tick, the deadline manager records what the clock made true of each open
 * problem (overdue, a reminder, a system escalation) and the light watcher records every project whose
 * light differs from the one last recorded. Each fact goes through its decider (which refuses a repeat)
 * with an idempotency key derived from the fact, so its event id is the same on every node: two nodes
 * racing append the same ids at the same revision and the store keeps one.
 */
export class TimeKeeper {
  /** Facts this process recorded (overdue, reminders, escalations, light changes). */
  recorded = 0;
  /** Set by a paced tick: commits the facts so far and lets the live traffic go first. */
  private pause?: () => Promise<void>;
  private inUnit = 0;
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly ledger: NotifyLedger,
    private readonly board: () => BoardState,
    private readonly clock: Clock,
    private readonly policy: EscalationPolicy,
    /** Nest-free (the specs drive it): the service hands in its logger. */
    private readonly warn: (message: string) => void = () => undefined,
    private readonly pacing: FactPacing = FACT_PACING,
  ) {}

  /**
   * Records every fact the clock and the board make due, in one unit of work. `paced` (the scheduled
   * ticks, with screens watching): in units of `pacing.factsPerUnit` facts, `pacing.pauseMs` apart;
   * unpaced (the tick before the server serves): all at once, as fast as the store takes them.
   */
  async tick(paced = false): Promise<void> {
    const today = chinaDay(this.clock());
    await this.store.unitOfWork(async (unit) => {
      this.inUnit = 0;
      this.pause = paced
        ? async () => {
            await unit.commit();
            await sleep(this.pacing.pauseMs);
          }
        : undefined;
      try {
        await this.checkDeadlines(today);
        await this.watchLights(today);
      } finally {
        this.pause = undefined;
      }
    });
  }

  /** A paced tick under way stops at its next fact (what it recorded is kept). */
  stop(): void {
    this.stopped = true;
  }

  private async checkDeadlines(today: string): Promise<void> {
    for (const [problemId, view] of this.ledger.problems) {
      if (this.stopped) return;
      const due = dueDeadlineFact(view, today, this.policy);
      if (!due) continue;
      const key = `deadline:${due.command.type}:${problemId}:${view.problem.status === 'none' ? '' : view.problem.deadline}:${due.command.data.on}`;
      const context = { actor: SYSTEM_ACTOR, idempotencyKey: key, occurredOn: today };
      await this.record(() =>
        due.stream === 'deadline'
          ? handleCommand(this.store, streams.deadline(problemId), deadlineDecider, due.command, context)
          : handleCommand(this.store, streams.problem(problemId), problemDecider, due.command, context),
      );
    }
  }

  private async watchLights(today: string): Promise<void> {
    const state = this.board();
    for (const project of Object.values(state.projects)) {
      if (this.stopped) return;
      const recorded = this.ledger.lights.get(project.id);
      // A terminated project keeps the light it ended with; one never judged is not started on now.
      if (project.terminated) continue;
      const verdict = projectLight(project, state, today);
      if (recorded?.light === verdict.light) continue;
      const reasons = verdict.reasons.slice(0, MAX_REASONS).map((r) => r.slice(0, MAX_REASON_LENGTH));
      const command = {
        type: 'RecordProjectLight' as const,
        data: { projectId: project.id, to: verdict.light, reasons, on: today },
        meta: { today },
      };
      const key = `light:${project.id}:${recorded?.changes ?? 0}:${verdict.light}`;
      await this.record(() =>
        handleCommand(this.store, streams.light(project.id), lightWatchDecider, command, {
          actor: SYSTEM_ACTOR,
          idempotencyKey: key,
          occurredOn: today,
        }),
      );
    }
  }

  /** A fact another node (or this one, before a restart) recorded first is not an error. */
  private async record(append: () => Promise<unknown>): Promise<void> {
    if (this.pause && this.inUnit >= this.pacing.factsPerUnit) {
      this.inUnit = 0;
      await this.pause();
      if (this.stopped) return;
    }
    try {
      await append();
      this.recorded++;
      this.inUnit++;
    } catch (error) {
      if (error instanceof RejectedError || error instanceof StaleRevisionError) return;
      this.warn(`could not record a fact: ${(error as Error).message}`);
    }
  }
}
