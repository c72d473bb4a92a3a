import { DomainError, StaleRevisionError } from '@battlemap/events';
import { storeFaultOf } from '../store/store-faults';
import { ValidationError } from './validation';

/**
 * Nest's HttpException, recognised by shape: this module stays free of Nest, so units that count
 * commands by status (CommandService) load without the framework.
 */
interface HttpExceptionLike {
  getStatus(): number;
  cause?: unknown;
}
const isHttpException = (error: unknown): error is HttpExceptionLike =>
  typeof (error as HttpExceptionLike | null)?.getStatus === 'function';

/** The status and body an error is answered with: the one mapping, also used to count commands by status. */
export function describeError(error: unknown): [number, Record<string, unknown>] {
  if (error instanceof ValidationError) {
    return [400, { error: 'invalid_input', message: `输入有误：${error.message}`, fields: error.fields }];
  }
  if (error instanceof StaleRevisionError) {
    return [409, { error: error.code, message: error.message, expectedRevision: error.expected, actualRevision: error.actual }];
  }
  if (error instanceof DomainError) return [error.status, { error: error.code, message: error.message }];
  // Nest wraps body-parser's errors (with their `type`) as the cause of an HttpException.
  const parserError = (isHttpException(error) ? error.cause : error) as { type?: string } | undefined;
  if (parserError?.type === 'entity.too.large') return [413, { error: 'too_large', message: '请求体过大（上限 1 MiB）' }];
  if (parserError?.type && parserError.type.startsWith('entity.'))
    return [400, { error: 'invalid_json', message: '请求体不是合法的 JSON' }];
  if (parserError?.type && /charset|encoding/.test(parserError.type)) {
    return [415, { error: 'unsupported_encoding', message: '请求体编码不受支持，请用 UTF-8 的 JSON' }];
  }
  const fault = storeFaultOf(error);
  if (fault === 'disk_full') {
    return [
      507,
      { error: 'disk_full', message: '服务器磁盘已满，这次操作没有记录。请联系运维清理磁盘空间后重试；已成功的操作都在，查看不受影响' },
    ];
  }
  if (fault === 'unavailable') {
    return [
      503,
      { error: 'store_unavailable', message: '事件存储暂时无法访问，这次操作没有记录。请稍后重试；恢复后无需重启，已成功的操作都在' },
    ];
  }
  const status = isHttpException(error) ? error.getStatus() : (error as { status?: number })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) return [status, fallback(status)];
  return [500, { error: 'internal', message: '服务器内部错误，请稍后再试' }];
}

/** Framework errors get our shape and a Chinese message, never the framework's English text. */
function fallback(status: number): Record<string, unknown> {
  const known: Record<number, [string, string]> = {
    400: ['bad_request', '请求格式不正确'],
    401: ['unauthorized', '请先登录（缺少或无效的令牌）'],
    403: ['forbidden', '当前角色无权执行此操作'],
    404: ['not_found', '没有这个地址或对象'],
    405: ['method_not_allowed', '不支持这种请求方法'],
    413: ['too_large', '请求体过大（上限 1 MiB）'],
    415: ['unsupported_media_type', '请求体应为 JSON（Content-Type: application/json）'],
    429: ['too_many_requests', '请求过于频繁，请稍后再试'],
  };
  const [code, message] = known[status] ?? ['bad_request', '请求不正确'];
  return { error: code, message };
}
