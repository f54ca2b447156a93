import { Module } from '@nestjs/common';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { ReferralsModule } from '../referrals/referrals.module.js';
import { FollowUpReportsService } from './follow-up-reports.service.js';
import { FollowUpsResolver } from './follow-ups.resolver.js';
import { FollowUpsService } from './follow-ups.service.js';
import { LatestFollowUp } from './latest-follow-up.js';
import { ReferralFollowUpsResolver } from './referral-follow-ups.resolver.js';

/** The receiver's follow-ups after a return, and the reports that travel back to the sender as consent allows. */
@Module({
  imports: [PersonalDataModule, ReferralsModule],
  providers: [LatestFollowUp, FollowUpsService, FollowUpReportsService, FollowUpsResolver, ReferralFollowUpsResolver],
  exports: [FollowUpsService, FollowUpReportsService],
})
export class FollowUpsModule {}
