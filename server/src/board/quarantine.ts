import type { RecordedEvent } from '../store/event-store.port';

/** An event set aside: where it is and why it could not be folded. */
export interface QuarantinedEvent {
  stream: string;
  revision: number;
  position: string;
  type: string;
  reason: string;
}

/**
 * Events this node could not read or fold, each recorded once. Every projection skips them, the
 * server starts and serves, and /api/health says `degraded` naming each one. Nothing is rewritten:
 * the event stays in the store as it is (and `verify` reports it as altered).
 */
export class Quarantine {
  private readonly byPosition = new Map<string, QuarantinedEvent>();
  onQuarantined: (entry: QuarantinedEvent) => void = () => undefined;

  add(event: RecordedEvent, reason: string): void {
    if (this.byPosition.has(event.position)) return;
    const entry = { stream: event.stream, revision: event.revision, position: event.position, type: event.type, reason };
    this.byPosition.set(event.position, entry);
    this.onQuarantined(entry);
  }

  /** Takes back an entry found before a board snapshot (a start from it does not read the event again). */
  restore(entry: QuarantinedEvent): void {
    if (!this.byPosition.has(entry.position)) this.byPosition.set(entry.position, entry);
  }

  get size(): number {
    return this.byPosition.size;
  }

  list(): QuarantinedEvent[] {
    return [...this.byPosition.values()];
  }
}
