import { LoggerModule } from 'nestjs-pino';

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
    // One short line per request: no headers at all (they carry the bearer token), a token in a query string cut out.
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url?.replace(/([?&]token=)[^&]*/g, '$1[redacted]'),
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    // Health checks and scrapes come every few seconds from machines: not worth a line each.
    autoLogging: { ignore: (req) => req.url === '/api/health' || req.url === '/metrics' },
  },
});
