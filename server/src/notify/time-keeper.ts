import { Logger } from '@nestjs/common';
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
  private readonly logger = new Logger('TimeKeeper');
  /** Facts this process recorded (overdue, reminders, escalations, light changes). */
  recorded = 0;

  constructor(
    private readonly store: EventStore,
    private readonly ledger: NotifyLedger,
    private readonly board: () => BoardState,
    private readonly clock: Clock,
    private readonly policy: EscalationPolicy,
  ) {}

  async tick(): Promise<void> {
    const today = chinaDay(this.clock());
    await this.checkDeadlines(today);
    await this.watchLights(today);
  }

  private async checkDeadlines(today: string): Promise<void> {
    for (const [problemId, view] of this.ledger.problems) {
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
    try {
      await append();
      this.recorded++;
    } catch (error) {
      if (error instanceof RejectedError || error instanceof StaleRevisionError) return;
      this.logger.warn(`could not record a fact: ${(error as Error).message}`);
    }
  }
}
