import { type Actor, type FieldError, toFieldErrors } from '@battlemap/events';
import type { z } from 'zod';
import type { Submission } from '../commands/command.service';
import type { IdempotentRequest } from './submission';

/** 400: the input is malformed. Carries per-field messages (Chinese text plus a stable code). */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  readonly status = 400;
  constructor(readonly fields: FieldError[]) {
    super(fields.map((f) => f.message).join('；'));
  }
}

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new ValidationError(toFieldErrors(result.error));
  return result.data;
}

/**
 * A command body checked against its schema, split into the command's data and the submission
 * (who, the Idempotency-Key, and the optional expectedRevision every command may carry).
 */
export function parseCommand<T extends { expectedRevision?: number }, A extends Actor>(
  schema: z.ZodType<T>,
  body: unknown,
  actor: A,
  idempotent: IdempotentRequest | undefined,
): [Omit<T, 'expectedRevision'>, Submission<A>] {
  const { expectedRevision, ...data } = parseBody(schema, body);
  return [data, { actor, idempotencyKey: idempotent?.key, requestHash: idempotent?.requestHash, expectedRevision }];
}
