import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';
import { EventStore } from '../store/event-store.port';
import { EVENT_STORE } from '../store/store.tokens';

@Controller('api/health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Public()
  async health(): Promise<{ status: string; store: string; position: string | null }> {
    return { status: 'ok', store: this.store.kind, position: await this.store.headPosition() };
  }
}
