import { Module } from '@nestjs/common';
import { CryptoModule } from '../crypto/crypto.module.js';
import { PersonalDataVault } from './personal-data-vault.js';
import { PersonalRecords } from './personal-records.js';
import { SealedNotesBackfill } from './sealed-notes-backfill.js';

/** The one door of a person's data: sealed under their key, read only as consent allows, every read logged. */
@Module({
  imports: [CryptoModule],
  providers: [PersonalRecords, PersonalDataVault, SealedNotesBackfill],
  exports: [PersonalDataVault],
})
export class PersonalDataModule {}
