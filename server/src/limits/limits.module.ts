import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../store/store.tokens';
import type { AppConfig } from '../config/config';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimits } from './rate-limits';

@Global()
@Module({
  providers: [
    { provide: RateLimits, useFactory: (config: AppConfig) => new RateLimits(config.rateLimits), inject: [APP_CONFIG] },
    RateLimitGuard,
  ],
  exports: [RateLimits, RateLimitGuard],
})
export class LimitsModule {}
