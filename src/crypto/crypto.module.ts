import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { DataSource } from 'typeorm';
import { checkMasterKey } from './master-key-check.js';
import { MasterKey } from './master-key.js';
import { KeyRotation } from './key-rotation.js';
import { SubjectKeys } from './subject-keys.js';

@Global()
@Module({
  providers: [
    {
      provide: MasterKey,
      inject: [AppConfig, DataSource],
      useFactory: async (config: AppConfig, dataSource: DataSource) => {
        const key = MasterKey.load(config);
        await checkMasterKey(dataSource, key);
        return key;
      },
    },
    SubjectKeys,
    KeyRotation,
  ],
  exports: [MasterKey, SubjectKeys, KeyRotation],
})
export class CryptoModule {}
