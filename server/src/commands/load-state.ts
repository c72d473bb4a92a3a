import { type Command, type Decider, foldState, toDomainEvent } from '@battlemap/events';
import { EventStore, RecordedEvent } from '../store/event-store.port';

export interface LoadedState<S> {
  state: S;
  /** Revision of the last event, -1 for a stream that does not exist. */
  revision: number;
  exists: boolean;
  events: RecordedEvent[];
}

/** The one state loader: read a stream and fold it with its decider, upcast on the way. */
export async function loadState<S>(store: EventStore, stream: string, decider: Decider<S, Command>): Promise<LoadedState<S>> {
  const { exists, events } = await store.readStream(stream);
  return { state: foldState(decider, events.map(toDomainEvent)), revision: events.at(-1)?.revision ?? -1, exists, events };
}
