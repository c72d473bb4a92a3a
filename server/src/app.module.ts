import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/config';
import { HealthController } from './health/health.controller';
import { EventStore } from './store/event-store.port';
import { APP_CONFIG, EVENT_STORE } from './store/store.tokens';

@Module({})
export class AppModule {
  /** The store is opened before Nest starts, so a bad store stops the process with one clear line. */
  static register(config: AppConfig, store: EventStore): DynamicModule {
    return {
      module: AppModule,
      global: true,
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: EVENT_STORE, useValue: store },
      ],
      exports: [APP_CONFIG, EVENT_STORE],
    };
  }
}
