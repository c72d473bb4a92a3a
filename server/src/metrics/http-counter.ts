import type { NextFunction, Request, Response } from 'express';

const counts: Record<string, number> = {};

/** Counts responses by status for /metrics. */
export function countResponses(_req: Request, res: Response, next: NextFunction): void {
  res.on('finish', () => {
    const status = String(res.statusCode);
    counts[status] = (counts[status] ?? 0) + 1;
  });
  next();
}

export const httpCounts = (): Readonly<Record<string, number>> => counts;
