import { Module } from '@nestjs/common';
import { IndicatorController } from './indicator.controller';

@Module({ controllers: [IndicatorController] })
export class IndicatorsModule {}
