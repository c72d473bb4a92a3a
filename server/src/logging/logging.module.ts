import { randomUUID } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import { LoggerModule } from 'nestjs-pino';

/** Carries each request's correlation id down to the command it runs (into the event's meta). */
const requestContext = new AsyncLocalStorage<{ correlationId: string }>();

/** A caller's own X-Request-Id is kept when it looks like an id; otherwise the server makes one. */
const REQUEST_ID = /^[\w.:-]{1,100}$/;

/**
 * Gives every request a correlation id (X-Request-Id in, or a new UUID), answers it in X-Request-Id,
 * and makes it the `correlationId` of the events the request's command appends and of its log lines.
 * Mounted after the body parser, so the rest of the request runs inside its context.
 */
export function correlate(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  (req as Request & { id?: string }).id = id;
  res.setHeader('X-Request-Id', id);
  requestContext.run({ correlationId: id }, next);
}

/** The correlation id of the request being handled, if any (commands from the demo or reactors have none). */
export const currentCorrelationId = (): string | undefined => requestContext.getStore()?.correlationId;

/** Secrets never reach a log line: credentials in headers, and any token left in a query string. */
const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'req.query.token', 'res.headers["set-cookie"]', '*.password', '*.token'];

/**
 * Structured JSON logs (pino via nestjs-pino): one line per request with its correlation id, method,
 * path, status and time, and every Nest log line in the same shape. LOG_LEVEL sets the level (info).
 */
export const LoggingModule = LoggerModule.forRoot({
  pinoHttp: {
    level: process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACT, censor: '[redacted]' },
    customProps: (req) => ({ correlationId: (req as { id?: unknown }).id }),
    serializers: {
      req: (req: { url?: string }) => ({ ...req, url: req.url?.replace(/([?&]token=)[^&]*/g, '$1[redacted]') }),
    },
    // Health checks and scrapes come every few seconds from machines: not worth a line each.
    autoLogging: { ignore: (req) => req.url === '/api/health' || req.url === '/metrics' },
  },
});
