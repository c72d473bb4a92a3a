import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, StaleRevisionError } from '../domain/errors';
import { ValidationError } from './validation';

/** Maps every error to one status code and a JSON body a person can act on, in one place. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const response = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.describe(error);
    if (status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (!response.headersSent) response.status(status).json(body);
  }

  private describe(error: unknown): [number, Record<string, unknown>] {
    if (error instanceof ValidationError) {
      return [400, { error: 'invalid_input', message: `输入有误：${error.message}`, fields: error.fields }];
    }
    if (error instanceof StaleRevisionError) {
      return [409, { error: error.code, message: error.message, expectedRevision: error.expected, actualRevision: error.actual }];
    }
    if (error instanceof DomainError) return [error.status, { error: error.code, message: error.message }];
    if (error instanceof HttpException) return this.describeHttp(error);
    const bodyParser = error as { type?: string; status?: number };
    if (bodyParser?.type === 'entity.too.large') return [413, { error: 'too_large', message: '请求体过大（上限 1 MiB）' }];
    if (bodyParser?.type === 'entity.parse.failed') return [400, { error: 'invalid_json', message: '请求体不是合法的 JSON' }];
    if (bodyParser?.status && bodyParser.status >= 400 && bodyParser.status < 500) {
      return [bodyParser.status, { error: 'bad_request', message: '请求格式不正确' }];
    }
    return [500, { error: 'internal', message: '服务器内部错误，请稍后再试' }];
  }

  private describeHttp(error: HttpException): [number, Record<string, unknown>] {
    const status = error.getStatus();
    const payload = error.getResponse();
    if (typeof payload === 'object' && payload && 'error' in payload && 'message' in payload && typeof payload.message === 'string') {
      return [status, payload as Record<string, unknown>];
    }
    const fallback: Record<number, [string, string]> = {
      401: ['unauthorized', '请先登录（缺少或无效的令牌）'],
      403: ['forbidden', '当前角色无权执行此操作'],
      404: ['not_found', '没有这个地址'],
      413: ['too_large', '请求体过大（上限 1 MiB）'],
      429: ['too_many_requests', '请求过于频繁，请稍后再试'],
    };
    const [code, message] = fallback[status] ?? ['error', error.message];
    return [status, { error: code, message }];
  }
}
