import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { MasterKeyCheck } from './master-key-check.js';
import { MasterKey } from './master-key.js';
import { KeyRotation } from './key-rotation.js';
import { SubjectKeys } from './subject-keys.js';

@Global()
@Module({
  providers: [
    { provide: MasterKey, inject: [AppConfig], useFactory: (config: AppConfig) => MasterKey.load(config) },
    MasterKeyCheck,
    SubjectKeys,
    KeyRotation,
  ],
  exports: [MasterKey, SubjectKeys, KeyRotation],
})
export class CryptoModule {}
