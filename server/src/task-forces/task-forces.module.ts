import { Module } from '@nestjs/common';
import { TaskForceController } from './task-force.controller';

@Module({ controllers: [TaskForceController] })
export class TaskForcesModule {}
