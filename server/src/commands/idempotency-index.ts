import type { RecordedEvent } from '../store/event-store.port';
import { type CommandAnswer, answerOf } from './command-handler';

/**
 * Idempotency-Keys are recorded in event metadata; this projection (fed by the live board's
 * subscription, see LiveBoard.alsoApply) indexes them per actor, so a
 * retry hours later, or after a restart, gets the first answer even when its body names another stream.
 * The command handler's scan of the target stream stays the consistent fallback for a retry that
 * arrives before this index has seen the first attempt.
 */
export class IdempotencyIndex {
  private answers = new Map<string, IndexedAnswer>();
  readonly snapshotName = 'idempotency';

  find(actorId: string, key: string): IndexedAnswer | undefined {
    return this.answers.get(indexKey(actorId, key));
  }

  apply(event: RecordedEvent): void {
    const meta = event.meta as { idempotencyKey?: string; requestHash?: string; actor?: { id?: string } };
    if (!meta.idempotencyKey || !meta.actor?.id) return;
    // The last event of a command carries its answer (revision and position of what it appended).
    this.answers.set(indexKey(meta.actor.id, meta.idempotencyKey), { answer: answerOf(event), requestHash: meta.requestHash });
  }

  /** Kept in the board's snapshots, so a restart does not read the whole log for it. */
  save(): [string, IndexedAnswer][] {
    return [...this.answers];
  }

  restore(saved: unknown): void {
    this.answers = new Map((saved as [string, IndexedAnswer][] | undefined) ?? []);
  }
}

/** The first answer to a key, and the fingerprint of the request that got it (absent before it was recorded). */
export interface IndexedAnswer {
  answer: CommandAnswer;
  requestHash?: string;
}

const indexKey = (actorId: string, key: string) => `${actorId}\u0000${key}`;
