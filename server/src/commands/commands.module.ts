import { Global, Module } from '@nestjs/common';
import { EventStore } from '../store/event-store.port';
import { EVENT_STORE } from '../store/store.tokens';
import { CommandService } from './command.service';

@Global()
@Module({
  providers: [{ provide: CommandService, useFactory: (store: EventStore) => new CommandService(store), inject: [EVENT_STORE] }],
  exports: [CommandService],
})
export class CommandsModule {}
