import { type Command, type Decider, foldState, toDomainEvent } from '@battlemap/events';
import { EventStore, RecordedEvent } from '../store/event-store.port';

export interface LoadedState<S> {
  state: S;
  /** Revision of the last event, -1 for a stream that does not exist. */
  revision: number;
  exists: boolean;
  events: RecordedEvent[];
}

/**
 * Streams whose events a command read lately, per store: the next command on one reads only the events
 * after the last it has (stored events never change), instead of reading and parsing the whole stream again.
 */
export const STREAM_CACHE_LIMIT = 2000;
const cachesByStore = new WeakMap<EventStore, Map<string, readonly RecordedEvent[]>>();

/**
 * The state each cached list of events folds to, by the list and its decider: a stream's next command
 * folds only the events after them onto it, not the whole stream again (a project's reports of years).
 * Deciders' `evolve` never changes the state it is given, so a kept state is never changed under it.
 */
const foldedByList = new WeakMap<readonly RecordedEvent[], { decider: unknown; state: unknown }>();

/** The one state loader: read a stream and fold it with its decider, upcast on the way. */
export async function loadState<S>(store: EventStore, stream: string, decider: Decider<S, Command>): Promise<LoadedState<S>> {
  const { exists, events, kept } = await readWhole(store, stream);
  const known = kept && foldedByList.get(kept.before);
  let state: S;
  if (known && known.decider === decider) {
    state = known.state as S;
    for (let i = kept.before.length; i < events.length; i++) state = decider.evolve(state, toDomainEvent(events[i]));
  } else {
    state = foldState(decider, events.map(toDomainEvent));
  }
  if (kept) foldedByList.set(kept.now, { decider, state });
  return { state, revision: events.at(-1)?.revision ?? -1, exists, events };
}

/**
 * The whole stream, from the cache plus what was appended since. Inside a unit of work the store keeps its
 * own cache (what the unit appended may yet be rolled back), so the unit's reads go straight to it.
 * `kept`: the cached list it started from (empty when none) and the one now cached, which the caller's
 * list (a copy) has the same events as.
 */
async function readWhole(
  store: EventStore,
  stream: string,
): Promise<{ exists: boolean; events: RecordedEvent[]; kept?: { before: readonly RecordedEvent[]; now: readonly RecordedEvent[] } }> {
  if (store.inUnitOfWork()) return store.readStream(stream);
  let cache = cachesByStore.get(store);
  if (!cache) cachesByStore.set(store, (cache = new Map()));
  const cached = cache.get(stream);
  let whole: readonly RecordedEvent[];
  if (cached) {
    const tail = await store.readStream(stream, { from: cached[cached.length - 1].revision + 1 });
    whole = tail.events.length > 0 ? cached.concat(tail.events) : cached;
    cache.delete(stream);
  } else {
    const read = await store.readStream(stream);
    if (!read.exists || read.events.length === 0) return read;
    whole = read.events;
  }
  // Two loads of one stream at once (a command and a reactor) may leave the shorter list: the next load
  // then reads a row more from its end, never a wrong one (stored events never change; only committed ones are read here).
  cache.set(stream, whole);
  if (cache.size > STREAM_CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  // The caller's own list: what it does with it never reaches the cache.
  return { exists: true, events: whole.slice(), kept: { before: cached ?? NONE, now: whole } };
}

const NONE: readonly RecordedEvent[] = [];
