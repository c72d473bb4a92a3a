import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';
import { BoardService } from '../board/board.service';
import { EventStore } from '../store/event-store.port';
import { EVENT_STORE } from '../store/store.tokens';
import { httpCounts } from './http-counter';

/** Prometheus text exposition: no token (a scraper has none), no secrets in it. */
@Controller()
export class MetricsController {
  constructor(
    private readonly board: BoardService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('metrics')
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async metrics(): Promise<string> {
    const state = this.board.live.state;
    const cpu = process.cpuUsage();
    const lines = [
      gauge('battlemap_store_head_position', 'Position of the last event in the store', Number((await this.store.headPosition()) ?? 0)),
      gauge('battlemap_board_position', 'Position of the last event folded into the live board', Number(state.position ?? 0)),
      gauge('battlemap_board_projects', 'Projects on the board', Object.keys(state.projects).length),
      gauge('battlemap_board_problems', 'Problems on the board', Object.keys(state.problems).length),
      '# HELP battlemap_http_responses_total HTTP responses by status code',
      '# TYPE battlemap_http_responses_total counter',
      ...Object.entries(httpCounts()).map(([status, n]) => `battlemap_http_responses_total{status="${status}"} ${n}`),
      counter('process_cpu_seconds_total', 'CPU time of this process', (cpu.user + cpu.system) / 1e6),
      gauge('process_resident_memory_bytes', 'Resident memory of this process', process.memoryUsage().rss),
    ];
    return `${lines.join('\n')}\n`;
  }
}

function gauge(name: string, help: string, value: number): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${value}`;
}

function counter(name: string, help: string, value: number): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} counter\n${name} ${value}`;
}
