import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

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
