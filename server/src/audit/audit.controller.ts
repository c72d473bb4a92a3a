import { Controller, Get, Inject, Query } from '@nestjs/common';
import {
  type AsOf,
  type BoardDiff,
  type BoardMoment,
  type VerifyReport,
  ForbiddenError,
  assertMayRead,
  chinaDay,
  diffBoards,
  endOfChinaDay,
  selectBoardView,
  parseStream,
  yearOf,
} from '@battlemap/events';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { readTargetOf } from '../auth/read-target';
import { CallerOf, Expensive } from '../limits/rate-limit.guard';
import { type Caller, RateLimits } from '../limits/rate-limits';
import { BoardService } from '../board/board.service';
import { replayBoard } from '../board/live-board';
import { parseDay, parseInstant } from '../http/time-params';
import { ValidationError } from '../http/validation';
import { EventStore, RecordedEvent } from '../store/event-store.port';
import { EVENT_STORE } from '../store/store.tokens';
import { AuditService } from './audit.service';
import { EventCount } from './event-count';
import { type EventQuery, pageEvents, parseAfter, parseEventFilter } from './event-filter';

const MAX_LIMIT = 1000;

/**
 * The audit log, the difference between two moments and the integrity check: auditors and admins. A
 * supervisor reads one stream at a time, within scope (the console shows a project's, problem's or
 * inspection's changes since a page loaded).
 */
@Controller('api')
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly audit: AuditService,
    private readonly boards: BoardService,
    private readonly count: EventCount,
    @Inject(RateLimits) private readonly limits: RateLimits,
  ) {}

  /**
   * GET /api/events?after=&limit=&stream=&type=&from=&to=&actor=&region=&taskForce= → {events, next, total}:
   * `next` is the `after` of the next page; `total` (only when nothing filters the log) its whole length,
   * for a scrollbar. See event-filter.ts for what region and taskForce match.
   */
  @Get('events')
  @Roles('admin', 'auditor', 'supervisor')
  async events(
    @CurrentActor() actor: AuthenticatedActor,
    @CallerOf() caller: Caller,
    @Query() query: EventQuery & { limit?: string },
  ): Promise<{ events: RecordedEvent[]; next: string | null; total?: number }> {
    const limit = parseLimit(query.limit);
    const after = parseAfter(query.after);
    const filter = parseEventFilter(query);
    if (actor.role === 'supervisor') await this.assertSupervisorMayRead(actor, filter.stream);
    // One stream is a page's worth; the whole log (a scan when filtered) is budgeted.
    if (!filter.stream) await this.limits.spend('expensive', caller);
    const page = await pageEvents(this.store, filter, this.boards.live.state, after, limit);
    const unfiltered = Object.values(filter).every((value) => value === undefined);
    // Filtered, the answer stays as it was ({events, next}): counting the matches would mean reading the whole log.
    return unfiltered ? { ...page, total: this.count.total } : page;
  }

  /**
   * GET /api/audit/diff: what changed between two moments, each given in recorded time (`fromAt`,
   * `toAt`), business time (`fromOn`, `toOn`) or both; counters of one year for both (`year`, default
   * the later moment's), within an optional region / task force.
   */
  @Get('audit/diff')
  @Roles('auditor', 'admin')
  @Expensive()
  async diff(
    @Query() query: Partial<Record<'fromAt' | 'fromOn' | 'toAt' | 'toOn' | 'year' | 'region' | 'taskForce', string>>,
  ): Promise<BoardDiff> {
    const from = { at: parseInstant(query.fromAt, 'fromAt'), on: parseDay(query.fromOn, 'fromOn') };
    const to = { at: parseInstant(query.toAt, 'toAt'), on: parseDay(query.toOn, 'toOn') };
    if ((from.at === undefined && from.on === undefined) || (to.at === undefined && to.on === undefined)) {
      throw new ValidationError([{ field: 'fromAt', code: 'required', message: '请给出两个时刻：fromAt 或 fromOn，以及 toAt 或 toOn' }]);
    }
    const region = query.region || undefined;
    const taskForce = query.taskForce || undefined;
    const year = query.year ? Number(query.year) : yearOf(dayOf(to));
    if (!Number.isInteger(year) || year < 2000 || year > 2100) {
      throw new ValidationError([{ field: 'year', code: 'invalid_year', message: 'year：应为年份，如 2026' }]);
    }
    const moment = async (asOf: AsOf): Promise<BoardMoment> => {
      // A replay by business date keeps standing data (places, task forces, targets) set up later (see countsFrom).
      const state = await replayBoard(this.store, asOf, this.boards.snapshots);
      const asOfIso = asOf.at !== undefined ? new Date(asOf.at).toISOString() : endOfChinaDay(asOf.on!);
      return { state, view: selectBoardView(state, { year, today: dayOf(asOf), asOf: asOfIso, region, taskForce }) };
    };
    return diffBoards(await moment(from), await moment(to), { region, taskForce });
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
    const target = readTargetOf(ref, this.boards.live.state, first);
    if (!target) throw new ForbiddenError('forbidden', '此事件流仅限审计人员和管理员查看');
    assertMayRead(actor, target);
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

/** The business day a moment is about: `on`, else the China-time day of `at`. */
function dayOf(asOf: AsOf): string {
  return asOf.on ?? chinaDay(asOf.at!);
}
