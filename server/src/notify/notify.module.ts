import { Module } from '@nestjs/common';
import { BoardModule } from '../board/board.module';
import { NotifyController } from './notify.controller';
import { NotifyService } from './notify.service';

@Module({ imports: [BoardModule], controllers: [NotifyController], providers: [NotifyService], exports: [NotifyService] })
export class NotifyModule {}
