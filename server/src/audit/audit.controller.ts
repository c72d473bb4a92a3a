import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ForbiddenError, type VerifyReport, assertMayRead, eventPosition, isSecretStream, parseStream } from '@battlemap/events';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { readTargetOf } from '../auth/read-target';
import { BoardService } from '../board/board.service';
import { CallerOf, Expensive } from '../limits/rate-limit.guard';
import { type Caller, RateLimits } from '../limits/rate-limits';
import { EventStore, RecordedEvent } from '../store/event-store.port';
import { EVENT_STORE } from '../store/store.tokens';
import { ValidationError } from '../http/validation';
import { AuditService } from './audit.service';

const MAX_LIMIT = 1000;
const SCAN_BATCH = 5000;

/**
 * The audit log and its integrity check: auditors and admins. A supervisor reads one stream at a time,
 * within scope (the console shows a project's, problem's or inspection's changes since a page loaded).
 */
@Controller('api')
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly audit: AuditService,
    private readonly board: BoardService,
    @Inject(RateLimits) private readonly limits: RateLimits,
  ) {}

  /** GET /api/events?after=&limit=&stream=&type= → {events, next}; `next` is the `after` of the next page. */
  @Get('events')
  @Roles('admin', 'auditor', 'supervisor')
  async events(
    @CurrentActor() actor: AuthenticatedActor,
    @CallerOf() caller: Caller,
    @Query('after') after?: string,
    @Query('limit') limitText?: string,
    @Query('stream') stream?: string,
    @Query('type') type?: string,
  ): Promise<{ events: RecordedEvent[]; next: string | null }> {
    const limit = parseLimit(limitText);
    if (after !== undefined && !eventPosition.safeParse(after).success) {
      throw new ValidationError([{ field: 'after', code: 'invalid_position', message: 'after：应为事件位置（十进制数字）' }]);
    }
    // Only the application's own streams: never the store's system streams ($…) nor a made-up name.
    if (stream !== undefined && stream !== '' && parseStream(stream) === null) {
      throw new ValidationError([{ field: 'stream', code: 'invalid_stream', message: 'stream：应为本系统的事件流名称，如 project-p-1' }]);
    }
    if (actor.role === 'supervisor') await this.assertSupervisorMayRead(actor, stream);
    // One stream is a page's worth; the whole log (a scan when filtered by type) is budgeted.
    if (!stream) await this.limits.spend('expensive', caller);
    const events = stream ? await this.streamPage(stream, after, limit, type) : await this.allPage(after, limit, type);
    const next = events.length === limit ? events[events.length - 1].position : null;
    return { events, next };
  }

  /** Every break in the store's integrity, by stream, revision, position and kind (see AuditService). */
  @Get('audit/verify')
  @Roles('admin', 'auditor')
  @Expensive()
  verify(): Promise<VerifyReport> {
    return this.audit.verify();
  }

  private async assertSupervisorMayRead(actor: AuthenticatedActor, stream: string | undefined): Promise<void> {
    const ref = stream ? parseStream(stream) : null;
    if (!stream || !ref) throw new ForbiddenError('forbidden', '完整事件日志仅限审计人员和管理员；请指定您负责范围内的事件流（stream）');
    const first = (await this.store.readStream(stream, { limit: 1 })).events[0];
    const target = readTargetOf(ref, this.board.live.state, first);
    if (!target) throw new ForbiddenError('forbidden', '此事件流仅限审计人员和管理员查看');
    assertMayRead(actor, target);
  }

  private async streamPage(stream: string, after: string | undefined, limit: number, type?: string): Promise<RecordedEvent[]> {
    const { events } = await this.store.readStream(stream);
    return events.filter((e) => (after === undefined || BigInt(e.position) > BigInt(after)) && (!type || e.type === type)).slice(0, limit);
  }

  /**
   * Scans forward page by page until the page is full or the log ends: filtering by type, and always
   * leaving out the credential streams (hashes no person reads; verification still covers them).
   */
  private async allPage(after: string | undefined, limit: number, type?: string): Promise<RecordedEvent[]> {
    const found: RecordedEvent[] = [];
    const batchSize = type ? SCAN_BATCH : limit;
    let cursor = after;
    for (;;) {
      const batch = await this.store.readAll({ after: cursor, limit: batchSize });
      for (const event of batch) {
        if (!isSecretStream(event.stream) && (!type || event.type === type)) found.push(event);
        if (found.length === limit) return found;
      }
      if (batch.length < batchSize) return found;
      cursor = batch[batch.length - 1].position;
    }
  }
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return 100;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new ValidationError([{ field: 'limit', code: 'out_of_range', message: `limit：应为 1 到 ${MAX_LIMIT} 的整数` }]);
  }
  return limit;
}
