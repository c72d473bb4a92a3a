import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { EventStore } from '../store/event-store.port';
import { APP_CONFIG, EVENT_STORE } from '../store/store.tokens';
import { AccountsController } from './accounts.controller';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { CredentialStore } from './credential-store';
import { credentialsPath } from './credentials-path';

/**
 * Logins, tokens and accounts. AuthService and CredentialStore are plain classes built by factories
 * (so Jest, which cannot load Nest 12's ES modules, can test them); Nest still calls their lifecycle
 * hooks. APP_CONFIG and EVENT_STORE come from the global AppModule.
 */
@Module({
  controllers: [AuthController, AccountsController],
  providers: [
    {
      provide: CredentialStore,
      useFactory: (config: AppConfig) => new CredentialStore(credentialsPath(config)),
      inject: [APP_CONFIG],
    },
    {
      provide: AuthService,
      useFactory: (store: EventStore, credentials: CredentialStore) => new AuthService(store, credentials),
      inject: [EVENT_STORE, CredentialStore],
    },
    AuthGuard,
  ],
  exports: [AuthService, AuthGuard],
})
export class AuthModule {}
