import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { COMMAND_BODIES } from '@battlemap/events';
import { IdempotencyKey, IdempotentRequest } from '../http/submission';
import { parseBody } from '../http/validation';
import { CurrentActor, Roles } from './auth.decorators';
import { AccountCommandResult, AccountSummary, AuthService, CommandOptions } from './auth.service';
import { AuthenticatedActor, actorOf } from './authenticated-actor';

/** A new password for an existing account: the same rule as at creation. */
const RESET_PASSWORD_BODY = COMMAND_BODIES.createAccount.pick({ password: true });

/** Account administration: admin only. Answers follow the command contract (201 {id, stream, revision, position}). */
@Controller('api/accounts')
@Roles('admin')
export class AccountsController {
  constructor(private readonly auth: AuthService) {}

  @Get()
  list(): { accounts: AccountSummary[] } {
    return { accounts: this.auth.listAccounts() };
  }

  @Post()
  create(
    @Body() body: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ): Promise<AccountCommandResult> {
    const { expectedRevision, ...account } = parseBody(COMMAND_BODIES.createAccount, body);
    return this.auth.createAccount(actorOf(actor), account, options(key, expectedRevision));
  }

  @Post(':username/role')
  changeRole(
    @Param('username') username: string,
    @Body() body: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ): Promise<AccountCommandResult> {
    const { role, expectedRevision } = parseBody(COMMAND_BODIES.changeAccountRole, body);
    return this.auth.changeRole(actorOf(actor), username, role, options(key, expectedRevision));
  }

  @Post(':username/scopes')
  changeScopes(
    @Param('username') username: string,
    @Body() body: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ): Promise<AccountCommandResult> {
    const { expectedRevision, ...change } = parseBody(COMMAND_BODIES.changeAccountScopes, body);
    return this.auth.changeScopes(actorOf(actor), username, change, options(key, expectedRevision));
  }

  @Post(':username/disable')
  disable(
    @Param('username') username: string,
    @Body() body: unknown,
    @CurrentActor() actor: AuthenticatedActor,
    @IdempotencyKey() key?: IdempotentRequest,
  ): Promise<AccountCommandResult> {
    const { reason, expectedRevision } = parseBody(COMMAND_BODIES.disableAccount, body);
    return this.auth.disable(actorOf(actor), username, reason, options(key, expectedRevision));
  }

  /** Recorded as AccountPasswordReset (never the password); every session of the account ends, on every node. */
  @Post(':username/password')
  async resetPassword(
    @Param('username') username: string,
    @Body() body: unknown,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<{ id: string }> {
    const { password } = parseBody(RESET_PASSWORD_BODY, body);
    await this.auth.resetPassword(actorOf(actor), username, password);
    return { id: username };
  }

  @Post(':username/screen-token')
  screenToken(
    @Param('username') username: string,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<{ token: string; expiresAt: string }> {
    return this.auth.issueScreenToken(actorOf(actor), username);
  }
}

function options(idempotent: IdempotentRequest | undefined, expectedRevision: number | undefined): CommandOptions {
  return {
    ...(idempotent && { idempotencyKey: idempotent.key, requestHash: idempotent.requestHash }),
    ...(expectedRevision !== undefined && { expectedRevision }),
  };
}
