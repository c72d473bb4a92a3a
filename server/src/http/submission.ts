import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../commands/hash-chain';
import { ValidationError } from './validation';

/** An Idempotency-Key and what it was first sent with: the same key on another route or body is a mistake. */
export interface IdempotentRequest {
  key: string;
  /** SHA-256 of the method, the path and the canonical JSON of the body. */
  requestHash: string;
}

/** The Idempotency-Key header, checked (printable ASCII, at most 200 characters), with the request's fingerprint. */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): IdempotentRequest | undefined => {
  const request = context.switchToHttp().getRequest<Request>();
  const raw = request.headers['idempotency-key'];
  return idempotentRequest(Array.isArray(raw) ? raw[0] : raw, request.method, request.path, request.body);
});

/** A checked Idempotency-Key with the fingerprint of the request it came with (HTTP, or the demo's in-process calls). */
export function idempotentRequest(key: string | undefined, method: string, path: string, body: unknown): IdempotentRequest | undefined {
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new ValidationError([
      { field: 'Idempotency-Key', code: 'invalid_idempotency_key', message: 'Idempotency-Key：应为1到200位可见字符' },
    ]);
  }
  const fingerprint = `${method.toUpperCase()} ${path}\n${canonicalJson(body ?? null)}`;
  return { key, requestHash: createHash('sha256').update(fingerprint, 'utf8').digest('hex') };
}
