import { Body, Controller, HttpCode, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type ImportReport, QUERY_PARAMS } from '@battlemap/events';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { parseBody } from '../http/validation';
import { type ImportOptions, ImportService } from './import.service';
import { REPORT_BODY, XLSX_TYPE, errorReport } from './ledger-workbook';
import { receiveUpload } from './upload';

/**
 * 项目台账 and monthly figures in, from Excel or CSV. A dry run answers 200 with what would happen;
 * a file with any bad row writes nothing and answers 422 with the same report, unless `partial`.
 */
@Controller('api/imports')
@Roles('admin', 'supervisor')
export class ImportsController {
  constructor(private readonly imports: ImportService) {}

  @Post('projects')
  @HttpCode(201)
  async projects(
    @Req() request: Request,
    @Res() response: Response,
    @CurrentActor() actor: AuthenticatedActor,
    @Query() query: unknown,
  ): Promise<void> {
    const options = importOptions(query);
    const file = await receiveUpload(request, response);
    answer(response, await this.imports.importProjects(file, actor, options));
  }

  @Post('progress')
  @HttpCode(201)
  async progress(
    @Req() request: Request,
    @Res() response: Response,
    @CurrentActor() actor: AuthenticatedActor,
    @Query() query: unknown,
  ): Promise<void> {
    const options = importOptions(query);
    const file = await receiveUpload(request, response);
    answer(response, await this.imports.importProgress(file, actor, options));
  }

  /** A dry run's findings as a sheet, for the office that has to fix the ledger. */
  @Post('report.xlsx')
  @HttpCode(200)
  async report(@Body() raw: unknown): Promise<StreamableFile> {
    const { errors } = parseBody(REPORT_BODY, raw);
    return new StreamableFile(await errorReport(errors), { type: XLSX_TYPE, disposition: attachment('导入检查结果.xlsx') });
  }
}

function importOptions(query: unknown): ImportOptions {
  const { dryRun, partial, month } = parseBody(QUERY_PARAMS.imports, query);
  return { dryRun: dryRun === 'true', partial: partial === 'true', month };
}

function answer(response: Response, report: ImportReport): void {
  if (report.dryRun) {
    response.status(200).json(report);
  } else if (!report.written) {
    const message = `有 ${new Set(report.errors.map((e) => e.row)).size} 行有问题，整个文件都没有写入：请按检查结果改正后重新导入，或只导入没有问题的行`;
    response.status(422).json({ error: 'import_rejected', message, ...report });
  } else {
    response.status(201).json(report);
  }
}

/** RFC 6266: a Chinese file name needs filename*, with an ASCII fallback for old clients. */
export function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
