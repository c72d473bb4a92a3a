import { Controller, Get, StreamableFile } from '@nestjs/common';
import { isInScope } from '@battlemap/events';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Expensive } from '../limits/rate-limit.guard';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { AuthService } from '../auth/auth.service';
import { BoardService } from '../board/board.service';
import { attachment } from './imports.controller';
import { XLSX_TYPE, progressTemplate, projectLedger, projectTemplate } from './ledger-workbook';

/** The ledger out, in the columns the import reads; a supervisor gets the projects in their scope. */
@Controller('api/exports')
@Roles('admin', 'supervisor', 'auditor')
export class ExportsController {
  constructor(
    private readonly board: BoardService,
    private readonly auth: AuthService,
  ) {}

  @Get('projects.xlsx')
  @Expensive()
  async projects(@CurrentActor() actor: AuthenticatedActor): Promise<StreamableFile> {
    const state = this.board.live.state;
    const projects = Object.values(state.projects).filter(
      (p) => p.terminated === null && (actor.role !== 'supervisor' || isInScope(actor, p)),
    );
    const people = new Map(this.auth.listAccounts().map((a) => [a.username, a.displayName]));
    return xlsx(await projectLedger(projects, state, people), '项目台账.xlsx');
  }

  @Get('projects-template.xlsx')
  async projectTemplate(): Promise<StreamableFile> {
    return xlsx(await projectTemplate(), '项目台账模板.xlsx');
  }

  @Get('progress-template.xlsx')
  async progressTemplate(): Promise<StreamableFile> {
    return xlsx(await progressTemplate(), '月度进度模板.xlsx');
  }
}

function xlsx(buffer: Buffer, name: string): StreamableFile {
  return new StreamableFile(buffer, { type: XLSX_TYPE, disposition: attachment(name) });
}
