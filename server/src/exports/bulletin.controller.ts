import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { type Bulletin, QUERY_PARAMS, buildBulletin, monthEnd, monthNumber, yearOf } from '@battlemap/events';
import type { Request, Response } from 'express';
import { join } from 'node:path';
import { Expensive } from '../limits/rate-limit.guard';
import { Roles } from '../auth/auth.decorators';
import { BoardService } from '../board/board.service';
import { replayBoard } from '../board/live-board';
import { AppConfig } from '../config/config';
import { ValidationError, parseBody } from '../http/validation';
import { EventStore } from '../store/event-store.port';
import { APP_CONFIG, EVENT_STORE } from '../store/store.tokens';
import { pdfUnavailable, printBulletin } from './bulletin-pdf';
import { bulletinWorkbook } from './bulletin-workbook';
import { XLSX_TYPE, startDownload } from './table-stream';

/** 月通报: JSON, XLSX, and a PDF of its print page; auditors and admins. */
@Controller('api/bulletins')
@Roles('auditor', 'admin')
export class BulletinController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly boards: BoardService,
  ) {}

  // The file routes come first: Express tries routes in order, and `:month` alone would take "2026-03.xlsx".
  @Get(':month.xlsx')
  @Expensive()
  async xlsx(@Param('month') month: string, @Query() query: Record<string, string>, @Res() res: Response): Promise<void> {
    const bulletin = await this.build(month, query);
    const file = await bulletinWorkbook(bulletin);
    startDownload(res, `月通报_${bulletin.month}${placeSuffix(bulletin)}.xlsx`, XLSX_TYPE);
    res.end(file);
  }

  @Get(':month.pdf')
  @Expensive()
  async pdf(
    @Param('month') month: string,
    @Query() query: Record<string, string>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const bulletin = await this.build(month, query);
    const unavailable = pdfUnavailable(join(this.config.webDist, 'audit.html'));
    if (unavailable) {
      res.status(503).json({ error: 'pdf_unavailable', message: unavailable });
      return;
    }
    // This very server serves the print page: reached on the port the request came in on.
    const pdf = await printBulletin(`http://127.0.0.1:${req.socket.localPort}/audit/bulletin/${bulletin.month}`, bulletin);
    startDownload(res, `月通报_${bulletin.month}${placeSuffix(bulletin)}.pdf`, 'application/pdf');
    res.end(pdf);
  }

  /** GET /api/bulletins/:month?region=&taskForce=: the bulletin from the board as known at the month's last day. */
  @Get(':month')
  @Expensive()
  json(@Param('month') month: string, @Query() query: Record<string, string>): Promise<Bulletin> {
    return this.build(month, query);
  }

  private async build(monthText: string, query: Record<string, string>): Promise<Bulletin> {
    const month = parseMonth(monthText);
    const { region, taskForce } = parseBody(QUERY_PARAMS.bulletin, query);
    // Standing data (places, task forces, targets) and the month's reports count whenever entered (see countsFrom).
    const state = await replayBoard(this.store, { on: monthEnd(yearOf(month), monthNumber(month)) }, this.boards.snapshots);
    if (region && !Object.hasOwn(state.regions, region)) {
      throw new ValidationError([{ field: 'region', code: 'unknown_region', message: `region：没有属地“${region}”` }]);
    }
    if (taskForce && !Object.hasOwn(state.taskForces, taskForce)) {
      throw new ValidationError([{ field: 'taskForce', code: 'unknown_task_force', message: `taskForce：没有产业专班“${taskForce}”` }]);
    }
    return buildBulletin(state, { month, region: region || undefined, taskForce: taskForce || undefined });
  }
}

function parseMonth(text: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(text) || text < '2000-01') {
    throw new ValidationError([{ field: 'month', code: 'invalid_month', message: 'month：应为月份，如 2026-03' }]);
  }
  return text;
}

function placeSuffix(bulletin: Bulletin): string {
  return [bulletin.region?.name, bulletin.taskForce?.name]
    .filter(Boolean)
    .map((n) => `_${n}`)
    .join('');
}
