import { Module } from '@nestjs/common';
import { NetworkStatisticsService } from './network-statistics.service.js';
import { RegistrationStatisticsService } from './registration-statistics.service.js';
import { StatisticsResolver } from './statistics.resolver.js';

@Module({
  providers: [NetworkStatisticsService, RegistrationStatisticsService, StatisticsResolver],
  exports: [RegistrationStatisticsService],
})
export class StatisticsModule {}
