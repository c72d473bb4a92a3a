import { Module } from '@nestjs/common';
import { InspectionProblemsReactor } from './inspection-problems.reactor';
import { InspectionController } from './inspection.controller';

@Module({ controllers: [InspectionController], providers: [InspectionProblemsReactor], exports: [InspectionProblemsReactor] })
export class InspectionsModule {}
