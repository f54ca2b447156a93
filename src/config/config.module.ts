import { Global, Module } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig, loadConfig } from './app-config.js';

@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: () => loadConfig() }, Clock],
  exports: [AppConfig, Clock],
})
export class ConfigModule {}
