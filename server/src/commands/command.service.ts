import { randomBytes } from 'node:crypto';
import { type Actor, type Command, type Decider, chinaDay } from '@battlemap/events';
import { describeError } from '../http/error-answer';
import { currentCorrelationId } from '../logging/correlation';
import { metrics } from '../metrics/metrics';
import { EventStore } from '../store/event-store.port';
import { CommandAnswer, CommandResult, Guard, assertSameRequest, handleCommand } from './command-handler';
import { deterministicUuid } from './hash-chain';
import { IdempotencyIndex } from './idempotency-index';

/** The part of a request every command carries: who, its Idempotency-Key and expectedRevision. */
export interface Submission<A extends Actor = Actor> {
  /** Who: the authenticated caller (only id, name and role go into the events). */
  actor: A;
  idempotencyKey?: string;
  /** The fingerprint of the request the key came with (see IdempotentRequest). */
  requestHash?: string;
  expectedRevision?: number;
}

export interface SubmitOptions<S> extends Submission {
  /** Checks on the loaded state before deciding (scope, existence). */
  guard?: Guard<S>;
  /** The business date of the change, recorded as meta.occurredOn. */
  occurredOn?: string;
}

/**
 * Where every command goes (HTTP, accounts, the demo): "today" in China time, the Idempotency-Key
 * index, the one command handler. A plain class, so units can build it; Nest provides it by a factory.
 */
export class CommandService {
  readonly idempotency = new IdempotencyIndex();

  constructor(
    readonly store: EventStore,
    private readonly clock: () => number = Date.now,
  ) {}

  today(): string {
    return chinaDay(this.clock());
  }

  /** Runs a command and answers what the HTTP API answers: {id, stream, revision, position}. */
  async submit<S, C extends Command>(
    stream: string,
    decider: Decider<S, C>,
    command: Omit<C, 'meta'>,
    options: SubmitOptions<S>,
  ): Promise<CommandAnswer> {
    const { id, revision, position } = await this.execute(stream, decider, command, options);
    return { id, stream, revision, position };
  }

  /** As `submit`, also telling whether an Idempotency-Key matched an earlier command (nothing appended). */
  async execute<S, C extends Command>(
    stream: string,
    decider: Decider<S, C>,
    command: Omit<C, 'meta'>,
    options: SubmitOptions<S>,
  ): Promise<CommandResult> {
    try {
      const result = await this.run(stream, decider, command, options);
      metrics.commands.inc({ type: command.type, status: '201' });
      return result;
    } catch (error) {
      metrics.commands.inc({ type: command.type, status: String(describeError(error)[0]) });
      throw error;
    }
  }

  private async run<S, C extends Command>(
    stream: string,
    decider: Decider<S, C>,
    command: Omit<C, 'meta'>,
    options: SubmitOptions<S>,
  ): Promise<CommandResult> {
    const { actor, idempotencyKey, requestHash, expectedRevision, guard, occurredOn } = options;
    const earlier = idempotencyKey ? this.idempotency.find(actor.id, idempotencyKey) : undefined;
    if (earlier) {
      assertSameRequest(earlier.requestHash, requestHash);
      return { ...earlier.answer, replayed: true };
    }
    return handleCommand(
      this.store,
      stream,
      decider,
      { ...command, meta: { today: this.today() } } as C,
      {
        actor: { id: actor.id, name: actor.name, role: actor.role },
        idempotencyKey,
        requestHash,
        expectedRevision,
        occurredOn,
        correlationId: currentCorrelationId(),
      },
      guard,
    );
  }

  /** A new entity id: the caller's, or derived from the Idempotency-Key so a retry finds the same stream. */
  newId(prefix: string, given: string | undefined, submission: Submission): string {
    if (given) return given;
    if (submission.idempotencyKey)
      return `${prefix}${deterministicUuid(submission.actor.id, submission.idempotencyKey).replace(/-/g, '').slice(0, 12)}`;
    return `${prefix}${randomBytes(6).toString('hex')}`;
  }

  async exists(stream: string): Promise<boolean> {
    return (await this.store.readStream(stream, { limit: 1 })).exists;
  }
}
