import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  RecordedEvent,
  SubscribeAllOptions,
  Subscription,
  SubscriptionHandler,
  UnitOfWork,
} from '../store/event-store.port';
import { AuditKey } from './audit-key';

/**
 * The event store the server writes through: every event the command handler chained (meta.hash) goes
 * in with `meta.mac = HMAC-SHA256(audit key, hash)`. Signing where the store is opened, not in each
 * writer, means no writer (the command handler, a reactor, the next one) can append unsigned. Someone
 * who edits an event in the store and recomputes its stream's hashes cannot recompute the MACs.
 */
export class SigningEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly key: AuditKey,
  ) {}

  get kind(): string {
    return this.inner.kind;
  }

  get atomicUnits(): boolean {
    return this.inner.atomicUnits;
  }

  unitOfWork<T>(work: (unit: UnitOfWork) => Promise<T>): Promise<T> {
    return this.inner.unitOfWork(work);
  }

  inUnitOfWork(): boolean {
    return this.inner.inUnitOfWork();
  }

  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.inner.append(
      stream,
      events.map((event) => this.sign(event)),
      expected,
    );
  }

  readStream(stream: string, options?: ReadStreamOptions): Promise<ReadStreamResult> {
    return this.inner.readStream(stream, options);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  subscribeAll(options: SubscribeAllOptions, handler: SubscriptionHandler): Subscription {
    return this.inner.subscribeAll(options, handler);
  }

  headPosition(): Promise<string | null> {
    return this.inner.headPosition();
  }

  fileForReaders(): string | null {
    return this.inner.fileForReaders?.() ?? null;
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private sign(event: NewEvent): NewEvent {
    const hash = event.meta?.hash;
    if (typeof hash !== 'string') return event;
    return { ...event, meta: { ...event.meta, mac: this.key.mac(hash) } };
  }
}
