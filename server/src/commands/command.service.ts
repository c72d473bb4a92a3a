import { Inject, Injectable } from '@nestjs/common';
import { chinaDay } from '@battlemap/events';
import { randomBytes } from 'node:crypto';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { Command, Decider } from '../domain/decider';
import { EventStore } from '../store/event-store.port';
import { EVENT_STORE } from '../store/store.tokens';
import { Guard, handleCommand } from './command-handler';
import { deterministicUuid } from './hash-chain';
import { IdempotencyIndex } from './idempotency-index';

/** What every command endpoint answers: 201 {id, stream, revision, position}. */
export interface CommandAnswer {
  id: string;
  stream: string;
  revision: number;
  position: string;
}

export interface Submission {
  actor: AuthenticatedActor;
  idempotencyKey?: string;
  expectedRevision?: number;
}

/** The HTTP side of the command handler: actor, today in China time, idempotency, the answer shape. */
@Injectable()
export class CommandService {
  readonly idempotency = new IdempotencyIndex();

  constructor(@Inject(EVENT_STORE) readonly store: EventStore) {}

  today(): string {
    return chinaDay(Date.now());
  }

  async submit<S, C extends Command>(
    id: string,
    stream: string,
    decider: Decider<S, C>,
    command: Omit<C, 'meta'>,
    submission: Submission,
    guard?: Guard<S>,
    occurredOn?: string,
  ): Promise<CommandAnswer> {
    const { actor, idempotencyKey, expectedRevision } = submission;
    const earlier = idempotencyKey ? this.idempotency.find(actor.id, idempotencyKey) : undefined;
    if (earlier) return earlier;
    const result = await handleCommand(
      this.store,
      stream,
      decider,
      { ...command, meta: { today: this.today() } } as C,
      { actor: { id: actor.id, name: actor.name, role: actor.role }, idempotencyKey, expectedRevision, occurredOn },
      guard,
    );
    return { id, stream, revision: result.revision, position: result.position };
  }

  /** A new entity id: the caller's, or derived from the Idempotency-Key so a retry finds the same stream. */
  newId(prefix: string, given: string | undefined, submission: Submission): string {
    if (given) return given;
    if (submission.idempotencyKey) return `${prefix}${deterministicUuid(submission.actor.id, submission.idempotencyKey).replace(/-/g, '').slice(0, 12)}`;
    return `${prefix}${randomBytes(6).toString('hex')}`;
  }

  async exists(stream: string): Promise<boolean> {
    return (await this.store.readStream(stream, { limit: 1 })).exists;
  }
}
