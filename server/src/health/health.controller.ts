import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public, Roles } from '../auth/auth.decorators';
import { BoardService } from '../board/board.service';
import type { QuarantinedEvent } from '../board/quarantine';
import { EventStore } from '../store/event-store.port';
import { EVENT_STORE } from '../store/store.tokens';

export interface Health {
  status: 'ok' | 'degraded' | 'unavailable';
  store: string;
  position: string | null;
  lag: number;
  quarantined: QuarantinedEvent[];
  message?: string;
}

/** What an operator or a load balancer needs to know at a glance: 200 unless the store cannot be reached (503). */
@Controller('api')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly board: BoardService,
  ) {}

  @Get('health')
  @Public()
  async health(@Res({ passthrough: true }) response: Response): Promise<Health> {
    const health = await this.check();
    if (health.status === 'unavailable') response.status(503);
    return health;
  }

  /** The events set aside on this node, for an administrator deciding what to do about them. */
  @Get('admin/quarantine')
  @Roles('admin')
  quarantine(): { quarantined: QuarantinedEvent[] } {
    return { quarantined: this.board.live.quarantine.list() };
  }

  private async check(): Promise<Health> {
    const quarantined = this.board.live.quarantine.list();
    const live = this.board.live.position;
    let position: string | null;
    try {
      position = await this.store.headPosition();
    } catch (error) {
      const message = `事件存储无法访问，暂时不能记录操作；看板停在位置 ${live ?? '（空）'}。请检查${this.store.kind === 'sqlite' ? '数据目录与磁盘' : ' KurrentDB 服务与网络'}（${(error as Error).message}）`;
      return { status: 'unavailable', store: this.store.kind, position: null, lag: 0, quarantined, message };
    }
    const lag = position === null ? 0 : Number(BigInt(position) - BigInt(live ?? 0));
    if (quarantined.length === 0) return { status: 'ok', store: this.store.kind, position, lag, quarantined };
    const message = `有 ${quarantined.length} 个事件无法读取，已隔离（看板和各投影均跳过它们），其余照常。请管理员查看 /api/admin/quarantine 并核对审计校验`;
    return { status: 'degraded', store: this.store.kind, position, lag, quarantined, message };
  }
}
