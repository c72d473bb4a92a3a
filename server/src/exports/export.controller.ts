import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { type BoardViewDetail, QUERY_PARAMS } from '@battlemap/events';
import type { Request, Response } from 'express';
import { Expensive } from '../limits/rate-limit.guard';
import { Roles } from '../auth/auth.decorators';
import { EventCount } from '../audit/event-count';
import { type EventQuery, parseEventFilter, scanEvents } from '../audit/event-filter';
import { BoardService } from '../board/board.service';
import { parseInstant } from '../http/time-params';
import { parseBody } from '../http/validation';
import { EventStore } from '../store/event-store.port';
import { EVENT_STORE } from '../store/store.tokens';
import { EVENT_COLUMNS, TOTAL_COLUMNS, boardColumns, boardTotals } from './export-columns';
import { CSV_TYPE, XLSX_TYPE, sheetOf, startDownload, streamCsv, streamXlsx } from './table-stream';

type Format = 'csv' | 'xlsx';

/** Downloads of the audit log and of the board at any moment, streamed: auditors and admins. */
@Controller('api/exports')
@Roles('auditor', 'admin')
export class ExportController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly boards: BoardService,
    private readonly count: EventCount,
  ) {}

  /** GET /api/exports/events.csv|.xlsx with the log's filters: the whole matching log, in position order. */
  @Get(['events.csv', 'events.xlsx'])
  @Expensive()
  async events(@Req() req: Request, @Query() query: EventQuery, @Res() res: Response): Promise<void> {
    const kind = formatOf(req);
    const filter = parseEventFilter(query);
    const unfiltered = Object.values(filter).every((value) => value === undefined);
    const rows = scanEvents(this.store, filter, this.boards.live.state);
    startDownload(res, `事件日志.${kind}`, kind === 'csv' ? CSV_TYPE : XLSX_TYPE, unfiltered ? this.count.total : undefined);
    const sheet = { name: '事件日志', columns: EVENT_COLUMNS, rows };
    await (kind === 'csv' ? streamCsv(res, sheet) : streamXlsx(res, [sheetOf(sheet)]));
  }

  /** GET /api/exports/board.csv|.xlsx?at=&on=&year=&region=&taskForce=: the projects (and, in XLSX, the totals) of that board. */
  @Get(['board.csv', 'board.xlsx'])
  @Expensive()
  async board(@Req() req: Request, @Query() query: Record<string, string>, @Res() res: Response): Promise<void> {
    const kind = formatOf(req);
    const { year, region, taskForce, on } = parseBody(QUERY_PARAMS.board, query);
    const at = parseInstant(query.at);
    const view = (await this.boards.view({
      year,
      region: region || undefined,
      taskForce: taskForce || undefined,
      at,
      on,
    })) as BoardViewDetail;
    const projects = { name: '项目', columns: boardColumns(view), rows: [view.projects] };
    const name = `看板_${(on ?? view.asOf.slice(0, 19)).replace(/:/g, '-')}.${kind}`;
    startDownload(res, name, kind === 'csv' ? CSV_TYPE : XLSX_TYPE, view.projects.length);
    if (kind === 'csv') return streamCsv(res, projects);
    await streamXlsx(res, [sheetOf(projects), sheetOf({ name: '汇总', columns: TOTAL_COLUMNS, rows: [boardTotals(view)] })]);
  }
}

/** The file type asked for, by the path's extension (each route is mounted once per type). */
function formatOf(req: Request): Format {
  return req.path.endsWith('.xlsx') ? 'xlsx' : 'csv';
}
