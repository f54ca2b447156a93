import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { poolUse } from '../database/pool-use.js';
import { ServiceMetrics } from './service-metrics.js';

/**
 * The service's metrics, or null while METRICS_TOKEN is unset: then nothing is counted and nothing collected, and
 * the requests pay nothing for a feature that is off.
 */
@Module({
  providers: [
    {
      provide: ServiceMetrics,
      inject: [AppConfig, DataSource],
      useFactory: (config: AppConfig, dataSource: DataSource): ServiceMetrics | null =>
        config.metricsEnabled ? new ServiceMetrics(() => poolUse(dataSource)) : null,
    },
  ],
  exports: [ServiceMetrics],
})
export class MetricsModule {}
