import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { COMMAND_BODIES } from '@battlemap/events';
import type { Request } from 'express';
import { parseBody } from '../http/validation';
import { CurrentActor, Public } from './auth.decorators';
import { AuthService, LoginResult } from './auth.service';
import type { AuthenticatedActor } from './authenticated-actor';
import { extractToken } from './request-auth';

@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() body: unknown, @Req() request: Request): Promise<LoginResult> {
    const { username, password } = parseBody(COMMAND_BODIES.login, body);
    // req.ip honours Express's `trust proxy` setting, so behind a proxy it is the client, once configured.
    return this.auth.login(username, password, request.ip ?? request.socket.remoteAddress ?? 'unknown');
  }

  @Post('logout')
  @HttpCode(200)
  async logout(@Req() request: Request): Promise<{ loggedOut: true }> {
    const token = extractToken(request);
    if (token) await this.auth.logout(token);
    return { loggedOut: true };
  }

  @Get('me')
  me(@CurrentActor() actor: AuthenticatedActor) {
    return { username: actor.id, displayName: actor.name, role: actor.role, scopes: actor.scopes, tokenKind: actor.tokenKind };
  }
}
