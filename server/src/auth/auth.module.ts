import { Module } from '@nestjs/common';
import { CommandService } from '../commands/command.service';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../store/store.tokens';
import { AccountsController } from './accounts.controller';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { CredentialStore } from './credential-store';
import { credentialsPath } from './credentials-path';
import { PeopleController } from './people.controller';

/**
 * Logins, tokens and accounts. AuthService and CredentialStore are plain classes built by factories
 * (so Jest, which cannot load Nest 12's ES modules, can test them); Nest still calls their lifecycle
 * hooks. APP_CONFIG comes from the global AppModule, CommandService from the global CommandsModule;
 * main.ts feeds the accounts from the live board's subscription.
 */
@Module({
  controllers: [AuthController, AccountsController, PeopleController],
  providers: [
    {
      provide: CredentialStore,
      useFactory: (config: AppConfig) => new CredentialStore(credentialsPath(config)),
      inject: [APP_CONFIG],
    },
    {
      provide: AuthService,
      useFactory: (commands: CommandService, credentials: CredentialStore) => new AuthService(commands, credentials),
      inject: [CommandService, CredentialStore],
    },
    AuthGuard,
  ],
  exports: [AuthService, AuthGuard],
})
export class AuthModule {}
