import type { NextFunction, Request, Response } from 'express';
import { metrics } from './metrics';

/** Counts responses by status for /metrics. */
export function countResponses(_req: Request, res: Response, next: NextFunction): void {
  res.on('finish', () => metrics.httpResponses.inc({ status: String(res.statusCode) }));
  next();
}
