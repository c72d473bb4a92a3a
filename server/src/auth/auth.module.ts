import { Module } from '@nestjs/common';
import { CommandService } from '../commands/command.service';
import { AccountsController } from './accounts.controller';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { PeopleController } from './people.controller';

/**
 * Logins, tokens and accounts. AuthService is a plain class built by a factory
 * (so Jest, which cannot load Nest 12's ES modules, can test them); Nest still calls their lifecycle
 * hooks. APP_CONFIG comes from the global AppModule, CommandService from the global CommandsModule;
 * main.ts feeds the accounts from the live board's subscription.
 */
@Module({
  controllers: [AuthController, AccountsController, PeopleController],
  providers: [
    {
      provide: AuthService,
      useFactory: (commands: CommandService) => new AuthService(commands),
      inject: [CommandService],
    },
    AuthGuard,
  ],
  exports: [AuthService, AuthGuard],
})
export class AuthModule {}
