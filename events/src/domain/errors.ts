/**
 * Domain rejections are typed values at the edge: the HTTP layer maps each class to one status code
 * in one place (server/src/http/http-error.filter.ts), the console shows the message as it is.
 * Messages are Chinese, for the supervisor; codes stable English.
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

/** A domain error class with a fixed status: one line per status, not one class body each. */
function withStatus<N extends number>(status: N, name: string) {
  return class extends DomainError {
    override readonly name = name;
    readonly status = status;
  };
}

/** 422: the current state does not allow it. */
export class RejectedError extends withStatus(422, 'RejectedError') {}
/** 404: the entity does not exist. */
export class NotFoundError extends withStatus(404, 'NotFoundError') {}
/** 403: the actor may not do this (role or scope). */
export class ForbiddenError extends withStatus(403, 'ForbiddenError') {}
/** 401: no valid credentials (wrong password, unknown or expired token, disabled account). */
export class UnauthorizedError extends withStatus(401, 'UnauthorizedError') {}
/** 429: too many failed attempts; the client may retry after the window. */
export class TooManyRequestsError extends withStatus(429, 'TooManyRequestsError') {}

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

/** Dates are YYYY-MM-DD strings: they compare as text. */
export function notInFuture(on: string, today: string, what = '日期'): void {
  if (on > today) throw rejected('date_in_future', `${what} ${on} 晚于今天 ${today}`);
}
