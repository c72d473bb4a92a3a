import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BoardModule } from '../board/board.module';
import { ExportsController } from './exports.controller';
import { ImportService } from './import.service';
import { ImportsController } from './imports.controller';

/** 项目台账 in and out: Excel/CSV import of projects and monthly figures, Excel export and templates. */
@Module({ imports: [AuthModule, BoardModule], controllers: [ImportsController, ExportsController], providers: [ImportService] })
export class ImportsModule {}
