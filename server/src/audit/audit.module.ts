import { Module } from '@nestjs/common';
import { BoardModule } from '../board/board.module';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Module({ imports: [BoardModule], controllers: [AuditController], providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
