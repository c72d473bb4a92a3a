import {
  type DeadlineView,
  type EventData,
  type Light,
  type NewRed,
  type OutboxState,
  evolveDeadlineView,
  initialDeadlineView,
  isEventType,
  outboxDecider,
  parseStream,
  problemDecider,
  toDomainEvent,
} from '@battlemap/events';
import type { Projection } from '../board/live-board';
import type { RecordedEvent } from '../store/event-store.port';

/** A recorded fact the notifier may have to tell the channels about. */
export type Fact = { id: string; recordedAt: number } & (
  | { kind: 'red_light'; data: EventData<'ProjectLightChanged'> }
  | { kind: 'overdue'; data: EventData<'ProblemWentOverdue'> }
  | { kind: 'escalated'; data: EventData<'ProblemEscalated'> }
  | { kind: 'reminder'; data: EventData<'DeadlineReminderDue'> }
);

export interface Delivery {
  queued: EventData<'NotificationQueued'>;
  state: OutboxState;
  queuedAt: number;
  /** When the last attempt, success or failure was recorded (UTC ms). */
  updatedAt: number;
}

interface SavedLedger {
  problems: [string, DeadlineView][];
  lights: [string, { light: Light; changes: number }][];
  facts: [string, Fact][];
  outbox: [string, Delivery][];
  newReds: NewRed[];
}

/** Facts older than this are not sent to a channel that did not get them at the time (a channel added later). */
const FACT_MAX_AGE_MS = 24 * 3600_000;
const NEW_REDS_KEPT = 2_000;

/**
 * What the deadline manager, the light watcher and the notifier know, folded from the live board's
 * one pass over the log: each problem's deadline view, each project's recorded light, the facts not yet
 * queued, and the outbox. A node restarted from nothing rebuilds all of it in the catch-up.
 */
export class NotifyLedger implements Projection {
  readonly problems = new Map<string, DeadlineView>();
  readonly lights = new Map<string, { light: Light; changes: number }>();
  readonly facts = new Map<string, Fact>();
  readonly outbox = new Map<string, Delivery>();
  /** Every project that turned red, most recent last (for the digest). */
  readonly newReds: NewRed[] = [];
  ready = false;

  apply(event: RecordedEvent): void {
    if (!isEventType(event.type)) return;
    const ref = parseStream(event.stream);
    if (!ref || !('id' in ref)) return;
    const domain = toDomainEvent(event);
    if (ref.kind === 'problem' || ref.kind === 'deadline') {
      const view = this.problems.get(ref.id) ?? initialDeadlineView();
      this.problems.set(ref.id, evolveDeadlineView(view, domain, problemDecider.evolve));
    }
    switch (domain.type) {
      case 'ProjectLightChanged': {
        const { projectId, to, reasons, on } = domain.data;
        const changes = (this.lights.get(projectId)?.changes ?? 0) + 1;
        this.lights.set(projectId, { light: to, changes });
        if (to === 'red') {
          this.newReds.push({ projectId, on, reason: reasons[0] ?? '' });
          if (this.newReds.length > NEW_REDS_KEPT) this.newReds.splice(0, this.newReds.length - NEW_REDS_KEPT);
          this.addFact({ id: event.id, recordedAt: event.meta.recordedAt, kind: 'red_light', data: domain.data });
        }
        return;
      }
      case 'ProblemWentOverdue':
        return this.addFact({ id: event.id, recordedAt: event.meta.recordedAt, kind: 'overdue', data: domain.data });
      case 'ProblemEscalated':
        return this.addFact({ id: event.id, recordedAt: event.meta.recordedAt, kind: 'escalated', data: domain.data });
      case 'DeadlineReminderDue':
        return this.addFact({ id: event.id, recordedAt: event.meta.recordedAt, kind: 'reminder', data: domain.data });
      case 'NotificationQueued':
        this.outbox.set(domain.data.messageId, {
          queued: domain.data,
          state: outboxDecider.evolve(outboxDecider.initialState(), domain),
          queuedAt: event.meta.recordedAt,
          updatedAt: event.meta.recordedAt,
        });
        return;
      case 'NotificationAttempted':
      case 'NotificationSent':
      case 'NotificationFailed': {
        const delivery = this.outbox.get(domain.data.messageId);
        if (!delivery) return;
        delivery.state = outboxDecider.evolve(delivery.state, domain);
        delivery.updatedAt = event.meta.recordedAt;
        // A concluded message is only listed from now on: its text need not stay in memory for years.
        if (delivery.state.status === 'sent' || (delivery.state.status === 'failed' && delivery.state.retryAt === null)) {
          delivery.queued = { ...delivery.queued, text: '' };
        }
        return;
      }
      default:
        return;
    }
  }

  caughtUp(): void {
    this.ready = true;
  }

  /** Kept in the board's snapshots, so a restart does not read the whole log for it. */
  readonly snapshotName = 'notify';

  save(): SavedLedger {
    return {
      problems: [...this.problems],
      lights: [...this.lights],
      facts: [...this.facts],
      outbox: [...this.outbox],
      newReds: this.newReds,
    };
  }

  restore(saved: unknown): void {
    const s = (saved ?? {}) as Partial<SavedLedger>;
    const refill = <K, V>(map: Map<K, V>, entries: [K, V][] = []) => {
      map.clear();
      for (const [k, v] of entries) map.set(k, v);
    };
    refill(this.problems, s.problems);
    refill(this.lights, s.lights);
    refill(this.facts, s.facts);
    refill(this.outbox, s.outbox);
    this.newReds.splice(0, this.newReds.length, ...(s.newReds ?? []));
  }

  /** Facts the notifier may still have to queue; old ones are dropped. */
  pendingFacts(now: number): Fact[] {
    for (const [id, fact] of this.facts) if (fact.recordedAt < now - FACT_MAX_AGE_MS) this.facts.delete(id);
    return [...this.facts.values()];
  }

  private addFact(fact: Fact): void {
    this.facts.set(fact.id, fact);
  }
}
