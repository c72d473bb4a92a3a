import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import {
  ForbiddenError,
  type RegionMap,
  assertMayRead,
  chinaDay,
  chinaYear,
  lightHistory,
  notFound,
  projectLight,
  QUERY_PARAMS,
  streams,
} from '@battlemap/events';
import type { Request, Response } from 'express';
import { readFile } from 'node:fs/promises';
import { parseDay, parseInstant } from '../http/time-params';
import { ValidationError, parseBody } from '../http/validation';
import { EventStore } from '../store/event-store.port';
import { APP_CONFIG, EVENT_STORE } from '../store/store.tokens';
import { AppConfig } from '../config/config';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { projectTarget } from '../auth/read-target';
import { CallerOf } from '../limits/rate-limit.guard';
import { metrics } from '../metrics/metrics';
import { type Caller, RateLimits } from '../limits/rate-limits';
import { BoardService } from './board.service';
import { SHARED_SNAPSHOT_REUSE, SharedSnapshots } from './shared-snapshots';

/**
 * Read side. Every role reads the live board and the map; replays (`at`, `on`) are for auditors and
 * admins; a project's page and history for auditors, admins and the supervisors whose scope holds it.
 */
@Controller('api')
export class BoardController {
  private mapCache?: Promise<RegionMap>;

  constructor(
    private readonly board: BoardService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RateLimits) private readonly limits: RateLimits,
    private readonly snapshots: SharedSnapshots,
  ) {}

  @Get('board')
  async getBoard(
    @CurrentActor() actor: AuthenticatedActor,
    @CallerOf() caller: Caller,
    @Query('year') year?: string,
    @Query('region') region?: string,
    @Query('taskForce') taskForce?: string,
    @Query('at') at?: string,
    @Query('on') on?: string,
  ) {
    if ((at || on) && actor.role !== 'auditor' && actor.role !== 'admin') {
      throw new ForbiddenError('forbidden', '按时间回放看板（at、on）仅限审计人员和管理员');
    }
    if (at || on) await this.limits.spend('expensive', caller);
    return this.board.view({
      year: parseYear(year),
      region: region || undefined,
      taskForce: taskForce || undefined,
      at: parseInstant(at),
      on: parseDay(on),
    });
  }

  /**
   * The live board's whole state, as a screen's socket `snapshot` carries it, for a page that asks before
   * its socket is up (the wallboard, as its first request): the same shared bytes the sockets are sent,
   * gzip as the Content-Encoding (the browser unpacks them off the page's thread), the position in
   * `Board-Position`. The page then subscribes with `after` that position and is sent exactly what came since.
   * `?form=screen`: the screen form (SNAPSHOT_FORMS), as a live wallboard asks for it over its socket too.
   */
  @Get('board/snapshot')
  async snapshot(@Req() request: Request, @Res() response: Response, @Query('form') form?: string): Promise<void> {
    const snapshotForm = parseBody(QUERY_PARAMS.boardSnapshot, { form: form || undefined }).form;
    const shared = this.snapshots.current(SHARED_SNAPSHOT_REUSE, snapshotForm);
    response.setHeader('Snapshot-Form', snapshotForm);
    response.setHeader('Board-Position', shared.position ?? '');
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Vary', 'Accept-Encoding');
    response.type('application/json');
    if (!request.acceptsEncodings('gzip')) {
      metrics.snapshotsSent.inc({ encoding: 'plain' });
      response.end(shared.json);
      return;
    }
    const bytes = await shared.packedBytes('gzip');
    metrics.snapshotsSent.inc({ encoding: 'gzip' });
    response.setHeader('Content-Encoding', 'gzip');
    response.end(bytes);
  }

  /** The region's base map (GeoJSON), from local files: command rooms are often offline. */
  @Get('map')
  async map(): Promise<RegionMap> {
    this.mapCache ??= readFile(this.config.mapPath, 'utf8').then((text) => JSON.parse(text) as RegionMap);
    return this.mapCache;
  }

  @Get('projects/:id')
  @Roles('admin', 'auditor', 'supervisor')
  async project(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string) {
    const state = this.board.live.state;
    const project = Object.hasOwn(state.projects, id) ? state.projects[id] : undefined;
    if (!project) throw notFound('project_not_found', '项目不存在');
    assertMayRead(actor, project);
    const today = chinaDay(Date.now());
    const { revision } = (await this.store.readStream(streams.project(id), { direction: 'backwards', limit: 1 })).events[0] ?? {
      revision: -1,
    };
    const problems = (state.projectProblems[id] ?? []).map((pid) => state.problems[pid]);
    return {
      ...project,
      revision,
      ...projectLight(project, state, today),
      lightHistory: lightHistory(state, id, chinaYear(Date.now()), today),
      problems,
    };
  }

  @Get('projects/:id/history')
  @Roles('admin', 'auditor', 'supervisor')
  async history(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string) {
    const { exists, events } = await this.store.readStream(streams.project(id));
    if (!exists) throw notFound('project_not_found', '项目不存在');
    // A project only in the log (not yet folded) has no scope to check against: refuse rather than guess.
    assertMayRead(actor, projectTarget(this.board.live.state, id) ?? {});
    return { events };
  }
}

function parseYear(text?: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const year = Number(text);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new ValidationError([{ field: 'year', code: 'invalid_year', message: 'year：应为年份，如 2026' }]);
  }
  return year;
}
