import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ValidationError } from './validation';

/** The Idempotency-Key header, checked: printable ASCII, at most 200 characters. */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const raw = context.switchToHttp().getRequest<Request>().headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new ValidationError([
      { field: 'Idempotency-Key', code: 'invalid_idempotency_key', message: 'Idempotency-Key：应为1到200位可见字符' },
    ]);
  }
  return key;
});
