import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BoardModule } from '../board/board.module';
import { BulletinController } from './bulletin.controller';
import { ExportController } from './export.controller';

/** Downloads for auditors: the log and the board at any moment (CSV, XLSX), and the 月通报 (JSON, XLSX, PDF). */
@Module({ imports: [BoardModule, AuditModule], controllers: [ExportController, BulletinController] })
export class ExportsModule {}
