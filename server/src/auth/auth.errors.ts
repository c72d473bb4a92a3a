import { DomainError } from '../domain/errors';

/** 401: no valid credentials (wrong password, unknown or expired token, disabled account). */
export class UnauthorizedError extends DomainError {
  override readonly name = 'UnauthorizedError';
  readonly status = 401;
}

/** 429: too many failed logins from one address; the client may retry after the window. */
export class TooManyRequestsError extends DomainError {
  override readonly name = 'TooManyRequestsError';
  readonly status = 429;
}

export const INVALID_CREDENTIALS = () => new UnauthorizedError('invalid_credentials', '用户名或密码错误');
export const ACCOUNT_DISABLED = () => new UnauthorizedError('account_disabled', '账号已停用');
export const MISSING_TOKEN = () => new UnauthorizedError('unauthorized', '请先登录（缺少或无效的令牌）');
export const TOO_MANY_LOGINS = () => new TooManyRequestsError('too_many_attempts', '登录失败次数过多，请1分钟后再试');
