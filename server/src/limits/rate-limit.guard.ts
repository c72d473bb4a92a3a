import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { type Caller, RateLimits } from './rate-limits';

const EXPENSIVE = 'battlemap:limits:expensive';

/** A read that folds or scans much of the log (the whole log, verification, exports): its own, small budget. */
export const Expensive = () => SetMetadata(EXPENSIVE, true);

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Runs after AuthGuard (so the caller is known): every write spends the address's and the account's
 * budget, an expensive read the account's. A replay (`at`/`on` on the board) spends it in its handler,
 * since only the query tells it apart from the live board.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(RateLimits) private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const expensive = this.reflector.getAllAndOverride<boolean | undefined>(EXPENSIVE, [context.getHandler(), context.getClass()]);
    const kind = !READS.has(request.method.toUpperCase()) ? 'write' : expensive ? 'expensive' : null;
    if (kind) await this.limits.spend(kind, callerOf(request));
    return true;
  }
}

/** The caller as the budgets know it, for handlers that spend by what the query asks (replays, the whole log). */
export const CallerOf = createParamDecorator((_: unknown, context: ExecutionContext): Caller =>
  callerOf(context.switchToHttp().getRequest<Request & AuthenticatedRequest>()),
);

/** Who spends: the signed-in account (all its tokens together) and the client's address (`trust proxy` aware). */
function callerOf(request: Request & AuthenticatedRequest): Caller {
  return { account: request.actor?.id, address: request.ip ?? request.socket.remoteAddress ?? 'unknown' };
}
