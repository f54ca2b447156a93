import { Module } from '@nestjs/common';
import { ConsentsResolver } from '../consents/consents.resolver.js';
import { ConsentsService } from '../consents/consents.service.js';
import { CryptoModule } from '../crypto/crypto.module.js';
import { FollowUpReportsService } from '../follow-ups/follow-up-reports.service.js';
import { FollowUpsResolver } from '../follow-ups/follow-ups.resolver.js';
import { FollowUpsService } from '../follow-ups/follow-ups.service.js';
import { ReferralFollowUpsResolver } from '../follow-ups/referral-follow-ups.resolver.js';
import { LoaderFactory } from '../graphql/loader.factory.js';
import { PersonalDataVault } from '../subjects/personal-data-vault.js';
import { SealedNotesBackfill } from '../subjects/sealed-notes-backfill.js';
import { PersonalRecords } from '../subjects/personal-records.js';
import { SubjectsResolver } from '../subjects/subjects.resolver.js';
import { SubjectsService } from '../subjects/subjects.service.js';
import { Idempotency } from './idempotency.js';
import { ReferralHistory } from './referral-history.js';
import { ReferralEventResolver } from './referral-event.resolver.js';
import { ReferralMessageResolver } from './referral-message.resolver.js';
import { ReferralMessagesService } from './referral-messages.service.js';
import { ReferralTransitionsResolver } from './referral-transitions.resolver.js';
import { ReferralTransitionsService } from './referral-transitions.service.js';
import { ReferralsResolver } from './referrals.resolver.js';
import { ReferralPages } from './referral-page.js';
import { ReferralsService } from './referrals.service.js';

/**
 * Consented return referrals: the people (subjects), their consents, the
 * referrals about them and the follow-ups after return are one piece of the
 * product, and one module.
 */
@Module({
  imports: [CryptoModule],
  providers: [
    PersonalRecords,
    PersonalDataVault,
    SealedNotesBackfill,
    SubjectsService,
    SubjectsResolver,
    ConsentsService,
    ConsentsResolver,
    Idempotency,
    ReferralHistory,
    ReferralsService,
    ReferralPages,
    ReferralsResolver,
    ReferralTransitionsService,
    ReferralTransitionsResolver,
    ReferralMessagesService,
    ReferralMessageResolver,
    ReferralEventResolver,
    FollowUpsService,
    FollowUpReportsService,
    FollowUpsResolver,
    ReferralFollowUpsResolver,
    LoaderFactory,
  ],
  exports: [LoaderFactory, SubjectsService, ConsentsService, ReferralsService, ReferralTransitionsService, ReferralMessagesService],
})
export class ReferralsModule {}
