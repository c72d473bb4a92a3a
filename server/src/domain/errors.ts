/**
 * Domain rejections are typed values at the edge: the HTTP layer maps each class to one status code
 * in one place (http-error.filter.ts). Messages are Chinese, for the supervisor; codes stable English.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** 422: the current state does not allow it. */
export class RejectedError extends DomainError {
  override readonly name = 'RejectedError';
  readonly status = 422;
}

/** 404: the entity does not exist. */
export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  readonly status = 404;
}

/** 403: the actor may not do this (role or scope). */
export class ForbiddenError extends DomainError {
  override readonly name = 'ForbiddenError';
  readonly status = 403;
}

/** 409: the caller's expectedRevision is stale, or a concurrent edit won. */
export class StaleRevisionError extends DomainError {
  override readonly name = 'StaleRevisionError';
  readonly status = 409;
  constructor(
    readonly expected: number | string,
    readonly actual: number | string,
  ) {
    super('stale_revision', `数据已被他人修改（当前版本 ${actual}，提交时版本 ${expected}），请刷新后再试`);
  }
}

export const rejected = (code: string, message: string) => new RejectedError(code, message);
export const notFound = (code: string, message: string) => new NotFoundError(code, message);
