import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { AccountRole, AuthenticatedActor } from './authenticated-actor';

export const IS_PUBLIC = 'battlemap:auth:public';
export const ROLES = 'battlemap:auth:roles';

/** No token needed (login, health). A valid token, if sent, is still read and attached. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles (on top of "any valid token"); on a method it overrides the controller's. */
export const Roles = (...roles: AccountRole[]) => SetMetadata(ROLES, roles);

/** Where AuthGuard leaves the caller on the express request. */
export interface AuthenticatedRequest {
  actor?: AuthenticatedActor;
}

/** The caller, as AuthGuard authenticated it (undefined only on a @Public() route without a token). */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedActor | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().actor,
);
