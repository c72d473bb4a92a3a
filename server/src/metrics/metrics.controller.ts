import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';
import { BoardService } from '../board/board.service';
import { EventStore } from '../store/event-store.port';
import { EVENT_STORE } from '../store/store.tokens';
import { metrics } from './metrics';

/** Prometheus text exposition: no token (a scraper has none), no secrets in it. */
@Controller()
export class MetricsController {
  constructor(board: BoardService, @Inject(EVENT_STORE) store: EventStore) {
    metrics.watch(board.live, store);
  }

  @Get('metrics')
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return metrics.registry.metrics();
  }
}
