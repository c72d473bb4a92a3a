import { Module } from '@nestjs/common';
import { BoardModule } from '../board/board.module';
import { MetricsController } from './metrics.controller';

@Module({ imports: [BoardModule], controllers: [MetricsController] })
export class MetricsModule {}
