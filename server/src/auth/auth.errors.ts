import { TooManyRequestsError, UnauthorizedError } from '@battlemap/events';

export const INVALID_CREDENTIALS = () => new UnauthorizedError('invalid_credentials', '用户名或密码错误');
export const ACCOUNT_DISABLED = () => new UnauthorizedError('account_disabled', '账号已停用');
export const MISSING_TOKEN = () => new UnauthorizedError('unauthorized', '请先登录（缺少或无效的令牌）');
export const TOO_MANY_LOGINS = () => new TooManyRequestsError('too_many_attempts', '登录失败次数过多，请1分钟后再试');
export const TOO_MANY_LOGINS_FOR_USER = () =>
  new TooManyRequestsError('too_many_attempts', '该账号登录失败次数过多，已暂时锁定15分钟；如需立即登录，请联系管理员重置密码');
