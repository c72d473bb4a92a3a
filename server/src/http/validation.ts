import { FieldError, toFieldErrors } from '@battlemap/events';
import type { z } from 'zod';

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

/** Splits off the optional expectedRevision every command may carry. */
export function withoutRevision<T extends { expectedRevision?: number }>(body: T): [Omit<T, 'expectedRevision'>, number | undefined] {
  const { expectedRevision, ...rest } = body;
  return [rest, expectedRevision];
}
