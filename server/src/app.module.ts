import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from './audit/audit.module';
import { AUDIT_SETUP } from './audit/audit.tokens';
import { AuditSetup } from './audit/open-audit';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { BoardModule } from './board/board.module';
import { CommandsModule } from './commands/commands.module';
import { ExportsModule } from './exports/exports.module';
import { AppConfig } from './config/config';
import { HealthController } from './health/health.controller';
import { ImportsModule } from './imports/imports.module';
import { IndicatorsModule } from './indicators/indicators.module';
import { InspectionsModule } from './inspections/inspections.module';
import { LimitsModule } from './limits/limits.module';
import { RateLimitGuard } from './limits/rate-limit.guard';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotifyModule } from './notify/notify.module';
import { ProblemsModule } from './problems/problems.module';
import { ProjectsModule } from './projects/projects.module';
import { SettingsModule } from './settings/settings.module';
import { EventStore } from './store/event-store.port';
import { APP_CONFIG, EVENT_STORE } from './store/store.tokens';
import { TaskForcesModule } from './task-forces/task-forces.module';

@Module({})
export class AppModule {
  /** The store and the audit key are opened before Nest starts, so a bad one stops the process with one clear line. */
  static register(config: AppConfig, store: EventStore, audit: AuditSetup): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        AuthModule,
        CommandsModule,
        ProjectsModule,
        ProblemsModule,
        InspectionsModule,
        TaskForcesModule,
        IndicatorsModule,
        SettingsModule,
        BoardModule,
        AuditModule,
        ExportsModule,
        MetricsModule,
        LimitsModule,
        ImportsModule,
        NotifyModule,
        LoggingModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: EVENT_STORE, useValue: store },
        { provide: AUDIT_SETUP, useValue: audit },
        { provide: APP_GUARD, useExisting: AuthGuard },
        // After AuthGuard: budgets are per account as well as per address.
        { provide: APP_GUARD, useExisting: RateLimitGuard },
      ],
      exports: [APP_CONFIG, EVENT_STORE, AUDIT_SETUP],
    };
  }
}
