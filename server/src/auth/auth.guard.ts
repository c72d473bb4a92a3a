import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError } from '@battlemap/events';
import { MISSING_TOKEN } from './auth.errors';
import { AuthenticatedRequest, IS_PUBLIC, ROLES } from './auth.decorators';
import { AuthService } from './auth.service';
import type { AccountRole } from './authenticated-actor';
import { TokenCarrier, decideAccess, extractToken } from './request-auth';

/**
 * The global guard (APP_GUARD): deny by default, so a new route is never open by accident. Socket.io
 * connections are checked by the gateway at handshake (`auth.token`), not here.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<TokenCarrier & AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) ?? false;
    const roles = this.reflector.getAllAndOverride<AccountRole[] | undefined>(ROLES, targets);
    const actor = this.auth.authenticate(extractToken(request));
    if (actor) request.actor = actor;
    switch (decideAccess({ isPublic, roles }, actor)) {
      case 'allow':
        return true;
      case 'unauthorized':
        throw MISSING_TOKEN();
      case 'forbidden':
        throw new ForbiddenError('forbidden', '当前角色无权执行此操作');
    }
  }
}
