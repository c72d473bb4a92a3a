import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type Command,
  type Decider,
  type DomainEvent,
  RejectedError,
  SCHEMA_VERSIONS,
  StaleRevisionError,
  entityIdOf,
  validateNewEventData,
} from '@battlemap/events';
import { metrics } from '../metrics/metrics';
import { EventStore, NewEvent, RecordedEvent, WrongExpectedRevisionError } from '../store/event-store.port';
import { GENESIS_HASH, deterministicUuid, eventHash } from './hash-chain';
import { loadState } from './load-state';

export interface CommandContext {
  actor: Actor;
  correlationId?: string;
  causationId?: string;
  /** The caller's view of the stream: a mismatch is a 409, never a silent overwrite. */
  expectedRevision?: number;
  idempotencyKey?: string;
  /** The fingerprint of the request the key came with, recorded so a reuse for another request is caught. */
  requestHash?: string;
  /** The business date of the change, recorded as meta.occurredOn. */
  occurredOn?: string;
}

/** What every command answers: 201 {id, stream, revision, position}. */
export interface CommandAnswer {
  id: string;
  stream: string;
  revision: number;
  position: string;
}

export interface CommandResult extends CommandAnswer {
  /** True when an Idempotency-Key matched an earlier command: nothing new was appended. */
  replayed: boolean;
}

/** Loaded stream state, for checks (authorisation, references) that need it before deciding. */
export type Guard<S> = (state: S, revision: number) => void;

/**
 * Times a command without an expectedRevision is decided again after another writer (another process: in
 * this one, commands on a stream take turns) got in first.
 */
const CONFLICT_RETRIES = 3;

/**
 * The one command handler: load the stream, fold, decide, append with the revision it loaded.
 * Concurrent edits can never overwrite each other; each event is chained to the previous one's hash.
 * When another writer appended in between, a command that named its expectedRevision is refused (409);
 * one that did not is decided again on the stream as it now is (the decider checks it anew), a few times.
 */
export async function handleCommand<S, C extends Command>(
  store: EventStore,
  stream: string,
  decider: Decider<S, C>,
  command: C,
  context: CommandContext,
  guard?: Guard<S>,
): Promise<CommandResult> {
  return inTurn(store, stream, async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await decideAndAppend(store, stream, decider, command, context, guard);
      } catch (error) {
        const retry = error instanceof StaleRevisionError && context.expectedRevision === undefined && attempt < CONFLICT_RETRIES;
        if (!retry) throw error;
      }
    }
  });
}

/** The commands waiting on each stream of each store (connection) in this process, one after another. */
const turnsByStore = new WeakMap<EventStore, Map<string, Promise<void>>>();

/**
 * Commands on one stream in this process take turns: loaded together they could only conflict. Inside a
 * unit of work they already run one by one (and must not wait for a writer that waits for the unit).
 */
async function inTurn<T>(store: EventStore, stream: string, work: () => Promise<T>): Promise<T> {
  if (store.inUnitOfWork()) return work();
  let streamTurns = turnsByStore.get(store);
  if (!streamTurns) turnsByStore.set(store, (streamTurns = new Map()));
  const before = streamTurns.get(stream) ?? Promise.resolve();
  const turn = before.then(work);
  const done = turn.then(
    () => undefined,
    () => undefined,
  );
  streamTurns.set(stream, done);
  try {
    return await turn;
  } finally {
    if (streamTurns.get(stream) === done) streamTurns.delete(stream);
  }
}

async function decideAndAppend<S, C extends Command>(
  store: EventStore,
  stream: string,
  decider: Decider<S, C>,
  command: C,
  context: CommandContext,
  guard?: Guard<S>,
): Promise<CommandResult> {
  const { state, revision, exists, events } = await loadState(store, stream, decider as Decider<S, Command>);
  const earlier = context.idempotencyKey ? findIdempotent(events, context) : undefined;
  if (earlier) {
    assertSameRequest((earlier.meta as { requestHash?: string }).requestHash, context.requestHash);
    return { ...answerOf(earlier), replayed: true };
  }

  guard?.(state, revision);
  if (context.expectedRevision !== undefined && context.expectedRevision !== revision) {
    throw new StaleRevisionError(context.expectedRevision, revision);
  }
  const decided = decider.decide(command, state);
  const prevHash = (events.at(-1)?.meta.hash as string | undefined) ?? GENESIS_HASH;
  const toAppend = chain(stream, revision, prevHash, decided, context);
  try {
    const appended = metrics.appendSeconds.startTimer();
    const result = await store.append(stream, toAppend, exists ? revision : 'no_stream').finally(appended);
    const last = toAppend[toAppend.length - 1];
    return { id: entityIdOf({ stream, data: last.data }), ...result, replayed: false };
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) throw new StaleRevisionError(revision, error.actual);
    throw error;
  }
}

export function answerOf(event: RecordedEvent): CommandAnswer {
  return { id: entityIdOf(event), stream: event.stream, revision: event.revision, position: event.position };
}

function chain(stream: string, revision: number, prevHash: string, decided: DomainEvent[], context: CommandContext): NewEvent[] {
  const correlationId = context.correlationId ?? randomUUID();
  let previous = prevHash;
  return decided.map((event, i) => {
    // No event that fails its schema is ever stored: a decider bug stops here, not in every reader.
    const valid = validateNewEventData(event.type, event.data);
    if (!valid.ok) throw new Error(`refusing to append an invalid ${event.type} to ${stream}: ${valid.message}`);
    const id = context.idempotencyKey ? deterministicUuid(context.actor.id, context.idempotencyKey, stream, String(i)) : randomUUID();
    const meta: Record<string, unknown> = {
      actor: context.actor,
      correlationId,
      schema: SCHEMA_VERSIONS[event.type],
      prevHash: previous,
      ...(context.causationId && { causationId: context.causationId }),
      ...(context.occurredOn && { occurredOn: context.occurredOn }),
      ...(context.idempotencyKey && { idempotencyKey: context.idempotencyKey }),
      ...(context.idempotencyKey && context.requestHash && { requestHash: context.requestHash }),
    };
    const hash = eventHash({ stream, revision: revision + 1 + i, id, type: event.type, data: event.data, meta }, previous);
    previous = hash;
    return { id, type: event.type, data: event.data, meta: { ...meta, hash } };
  });
}

/**
 * A key reused for another request (another route or body) is a client's mistake: answering the first
 * request's result would hide that the second was never carried out. Keys recorded before fingerprints
 * existed (or sent in-process without one) match anything.
 */
export function assertSameRequest(recorded: string | undefined, current: string | undefined): void {
  if (recorded !== undefined && current !== undefined && recorded !== current) {
    throw new RejectedError('idempotency_key_reused', '这个 Idempotency-Key 已用于另一个请求（地址或内容不同）：请为新的操作使用新的键');
  }
}

/** The last event of an earlier command with the same key from the same actor, if any. */
function findIdempotent(events: RecordedEvent[], context: CommandContext): RecordedEvent | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const meta = events[i].meta as { idempotencyKey?: string; actor?: { id: string } };
    if (meta.idempotencyKey === context.idempotencyKey && meta.actor?.id === context.actor.id) return events[i];
  }
  return undefined;
}
