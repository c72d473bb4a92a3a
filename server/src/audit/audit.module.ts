import { Module } from '@nestjs/common';
import { BoardModule } from '../board/board.module';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { EventCount } from './event-count';

@Module({
  imports: [BoardModule],
  controllers: [AuditController],
  providers: [AuditService, EventCount],
  exports: [AuditService, EventCount],
})
export class AuditModule {}
