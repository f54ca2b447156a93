import { Module } from '@nestjs/common';
import { ConsentsModule } from '../consents/consents.module.js';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { SubjectsModule } from '../subjects/subjects.module.js';
import { ReferralAnnouncements } from './referral-announcements.js';
import { ReferralHistory } from './referral-history.js';
import { ReferralEventResolver } from './referral-event.resolver.js';
import { ReferralMessageResolver } from './referral-message.resolver.js';
import { ReferralMessagesService } from './referral-messages.service.js';
import { ReferralMoved } from './referral-moved.js';
import { ReferralTransitionsResolver } from './referral-transitions.resolver.js';
import { ReferralTransitionsService } from './referral-transitions.service.js';
import { ReferralsResolver } from './referrals.resolver.js';
import { RegisterAndReferResolver } from './register-and-refer.resolver.js';
import { ReferralPages } from './referral-page.js';
import { ReferralsService } from './referrals.service.js';

/** Consented return referrals between organisations: their lifecycle, history, messages and pages. */
@Module({
  imports: [PersonalDataModule, SubjectsModule, ConsentsModule],
  providers: [
    ReferralAnnouncements,
    ReferralHistory,
    ReferralMoved,
    ReferralsService,
    ReferralPages,
    ReferralsResolver,
    ReferralTransitionsService,
    ReferralTransitionsResolver,
    ReferralMessagesService,
    ReferralMessageResolver,
    ReferralEventResolver,
    RegisterAndReferResolver,
  ],
  exports: [ReferralsService, ReferralHistory, ReferralMoved, ReferralPages, ReferralTransitionsService, ReferralMessagesService],
})
export class ReferralsModule {}
