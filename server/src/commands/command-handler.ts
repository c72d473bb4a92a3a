import { randomUUID } from 'node:crypto';
import { Actor, DomainEvent, SCHEMA_VERSIONS, upcast } from '@battlemap/events';
import { Command, Decider } from '../domain/decider';
import { StaleRevisionError } from '../domain/errors';
import { EventStore, NewEvent, RecordedEvent, WrongExpectedRevisionError } from '../store/event-store.port';
import { GENESIS_HASH, deterministicUuid, eventHash } from './hash-chain';

export interface CommandContext {
  actor: Actor;
  correlationId?: string;
  causationId?: string;
  /** The caller's view of the stream: a mismatch is a 409, never a silent overwrite. */
  expectedRevision?: number;
  idempotencyKey?: string;
  /** The business date of the change, recorded as meta.occurredOn. */
  occurredOn?: string;
}

export interface CommandResult {
  stream: string;
  revision: number;
  position: string;
  /** True when an Idempotency-Key matched an earlier command: nothing new was appended. */
  replayed: boolean;
}

/** Loaded stream state, for checks (authorisation, references) that need it before deciding. */
export type Guard<S> = (state: S, revision: number) => void;

/**
 * The one command handler: load the stream, fold, decide, append with the revision it loaded.
 * Concurrent edits can never overwrite each other; each event is chained to the previous one's hash.
 */
export async function handleCommand<S, C extends Command>(
  store: EventStore,
  stream: string,
  decider: Decider<S, C>,
  command: C,
  context: CommandContext,
  guard?: Guard<S>,
): Promise<CommandResult> {
  const { exists, events } = await store.readStream(stream);
  const last = events.at(-1);
  const revision = last ? last.revision : -1;
  const earlier = context.idempotencyKey ? findIdempotent(events, context) : undefined;
  if (earlier) return { stream, revision: earlier.revision, position: earlier.position, replayed: true };

  const state = events.map(toDomainEvent).reduce(decider.evolve, decider.initialState());
  guard?.(state, revision);
  if (context.expectedRevision !== undefined && context.expectedRevision !== revision) {
    throw new StaleRevisionError(context.expectedRevision, revision);
  }
  const decided = decider.decide(command, state);
  const toAppend = chain(stream, revision, (last?.meta.hash as string | undefined) ?? GENESIS_HASH, decided, context);
  try {
    const result = await store.append(stream, toAppend, exists ? revision : 'no_stream');
    return { ...result, replayed: false };
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) throw new StaleRevisionError(revision, error.actual);
    throw error;
  }
}

function chain(stream: string, revision: number, prevHash: string, decided: DomainEvent[], context: CommandContext): NewEvent[] {
  const correlationId = context.correlationId ?? randomUUID();
  let previous = prevHash;
  return decided.map((event, i) => {
    const id = context.idempotencyKey ? deterministicUuid(context.actor.id, context.idempotencyKey, stream, String(i)) : randomUUID();
    const meta: Record<string, unknown> = {
      actor: context.actor,
      correlationId,
      schema: SCHEMA_VERSIONS[event.type],
      prevHash: previous,
      ...(context.causationId && { causationId: context.causationId }),
      ...(context.occurredOn && { occurredOn: context.occurredOn }),
      ...(context.idempotencyKey && { idempotencyKey: context.idempotencyKey }),
    };
    const hash = eventHash({ stream, revision: revision + 1 + i, id, type: event.type, data: event.data, meta }, previous);
    previous = hash;
    return { id, type: event.type, data: event.data, meta: { ...meta, hash } };
  });
}

/** The last event of an earlier command with the same key from the same actor, if any. */
function findIdempotent(events: RecordedEvent[], context: CommandContext): RecordedEvent | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const meta = events[i].meta as { idempotencyKey?: string; actor?: { id: string } };
    if (meta.idempotencyKey === context.idempotencyKey && meta.actor?.id === context.actor.id) return events[i];
  }
  return undefined;
}

/** A stored event as the deciders see it: upcast to the current schema. */
export function toDomainEvent(event: RecordedEvent): DomainEvent {
  return { type: event.type, data: upcast(event.type, event.meta.schema as number | undefined, event.data) } as DomainEvent;
}
