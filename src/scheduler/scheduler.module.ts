import { Module } from '@nestjs/common';
import { Scheduler } from './scheduler.service.js';

/** Work the service does on its own, at times rather than on requests. */
@Module({ providers: [Scheduler], exports: [Scheduler] })
export class SchedulerModule {}
