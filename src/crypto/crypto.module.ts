import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Idempotency } from '../database/idempotency.js';
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
    // Here rather than beside the database: its fingerprints are keyed with a key derived from the master key.
    {
      provide: Idempotency,
      inject: [MasterKey],
      useFactory: (key: MasterKey) => new Idempotency(key.derivedKey('idempotency-fingerprint')),
    },
  ],
  exports: [MasterKey, SubjectKeys, KeyRotation, Idempotency],
})
export class CryptoModule {}
